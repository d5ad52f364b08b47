import Records
import StorageModel
import Testing

@Suite("Customer register: IDs, imports, references")
struct CustomerRegisterTests {
    @Test(arguments: [("ACME-DE", true), ("a.b_c-9", true), ("9LIVES", true), ("", false), ("-lead", false), (".dot", false),
                      ("has space", false), ("Ünïcode", false), (String(repeating: "x", count: 64), true), (String(repeating: "x", count: 65), false)])
    func idRule(_ id: String, _ valid: Bool) {
        #expect(CustomerRecord.isValidID(id) == valid)
    }

    @Test func recordProblemsNameTheField() {
        func problem(_ c: CustomerRecord) -> String? { c.problem() }
        #expect(problem(CustomerRecord(customerID: "OK", legalName: "Acme GmbH", country: "DE", createdAt: "")) == nil)
        #expect(problem(CustomerRecord(customerID: "bad id", legalName: "Acme", createdAt: ""))?.contains("customer ID") == true)
        #expect(problem(CustomerRecord(customerID: "OK", legalName: " ", createdAt: ""))?.contains("legal name") == true)
        #expect(problem(CustomerRecord(customerID: "OK", legalName: "A", country: "Germany", createdAt: ""))?.contains("ISO 3166-1") == true)
        #expect(problem(CustomerRecord(customerID: "OK", legalName: "A\u{1B}[2J", createdAt: ""))?.contains("control character") == true)
        // A migrated customer keeps the free text it had as its ID.
        #expect(problem(CustomerRecord(customerID: "Acme Corp", legalName: "Acme Corp", createdAt: "", migratedFromFreeText: true)) == nil)
    }

    @Test func importReadsHeadersInAnyOrderAndReportsEveryProblemWithItsLine() {
        let csv = """
            Name;Customer ID;Country;DPA reference;Contact\r
            Acme Deutschland GmbH;ACME-DE;de;DPA-7;privacy@acme.example\r
            Łódź Sp. z o.o.;LODZ;;;\r
            Duplicate;ACME-DE;FR;;\r
            No ID;;;;\r
            Bad country;BAD;Germany;;\r
            """
        let parsed = CustomerImporter.read(csv: csv, createdAt: "2026-11-30T10:00:00Z")
        #expect(parsed.customers == [
            CustomerRecord(customerID: "ACME-DE", legalName: "Acme Deutschland GmbH", country: "DE", contact: "privacy@acme.example",
                           dpaReference: "DPA-7", createdAt: "2026-11-30T10:00:00Z"),
            CustomerRecord(customerID: "LODZ", legalName: "Łódź Sp. z o.o.", createdAt: "2026-11-30T10:00:00Z"),
        ])
        #expect(parsed.problems.count == 3)
        #expect(parsed.problems[0] == "line 4: customer ID ACME-DE is also on line 2")
        #expect(parsed.problems[1].hasPrefix("line 5: customer ID \"\""))
        #expect(parsed.problems[2].hasPrefix("line 6: country \"GERMANY\""))
    }

    @Test func importWithoutAnIDColumnSaysWhichHeadersItSaw() {
        let parsed = CustomerImporter.read(csv: "Company,Country\nAcme,DE\n", createdAt: "")
        #expect(parsed.customers.isEmpty)
        #expect(parsed.problems == ["no customer ID column (headers: Company, Country)"])
    }

    @Test func referencesResolveIDsThenUniqueLegalNames() {
        let register = [
            CustomerRecord(customerID: "ACME-DE", legalName: "Acme GmbH", createdAt: ""),
            CustomerRecord(customerID: "TWIN-1", legalName: "Twin Ltd", createdAt: ""),
            CustomerRecord(customerID: "TWIN-2", legalName: "twin ltd", createdAt: ""),
        ]
        let refs = CustomerReferences(register)
        #expect(refs.resolve("ACME-DE")?.customerID == "ACME-DE")
        #expect(refs.resolve(" acme gmbh ")?.customerID == "ACME-DE")
        #expect(refs.resolve("Twin Ltd") == nil, "a legal name two customers share names neither")
        #expect(refs.resolve("acme-de") == nil, "IDs match exactly")
    }

    @Test func newCustomersFromFreeTextGetAValidUniqueID() {
        let refs = CustomerReferences([CustomerRecord(customerID: "acme-corp", legalName: "Acme", createdAt: "")])
        #expect(refs.newCustomer(named: "NEW-1", at: "t") == CustomerRecord(customerID: "NEW-1", legalName: "NEW-1", createdAt: "t"))
        let made = refs.newCustomer(named: "  Acme Corp. ", at: "t")
        #expect(made.customerID == "acme-corp-2" && made.legalName == "Acme Corp.")
        #expect(CustomerRecord.isValidID(refs.newCustomer(named: "Łódź Sp. z o.o.", at: "t").customerID))
        #expect(refs.newCustomer(named: "Łódź Sp. z o.o.", at: "t").customerID == "odz-sp.-z-o.o")
        #expect(refs.newCustomer(named: "!!!", at: "t").customerID == "customer")
    }
}
