import Foundation
import Testing
import TestSupport

/// The customer register through the command line: import, refusal of an unknown `--customer`,
/// `--create-customer`, the legal name on the certificate and in the GDPR register, and the
/// register recreated from the certificates when the index is rebuilt.
@Suite("customer register through the CLI", .serialized)
struct CustomerIntegrationTests {
    @Test func registerCustomersWipeForOneAndReportIt() async throws {
        let home = try StationHome()
        let customers = home.root + "/customers.csv"
        try "Customer ID;Legal name;Country;DPA reference;Contact\nACME-DE;Acme Deutschland GmbH;de;DPA-7;privacy@acme.example\nACME-DE;Twice;;;\n"
            .write(toFile: customers, atomically: true, encoding: .utf8)
        let duplicate = try home.expunge(["customer", "import", customers])
        #expect(duplicate.status == 65 && duplicate.stderr.contains("line 3: customer ID ACME-DE is also on line 2"), "\(duplicate.stderr)")
        #expect(try home.expunge(["customer", "list", "--json"]).stdout.contains("ACME-DE") == false, "nothing imported")
        try "Customer ID;Legal name;Country;DPA reference;Contact\nACME-DE;Acme Deutschland GmbH;de;DPA-7;privacy@acme.example\n"
            .write(toFile: customers, atomically: true, encoding: .utf8)
        #expect(try home.expunge(["customer", "import", customers]).stdout.contains("Imported 1 customer"))
        let again = try home.expunge(["customer", "import", customers])
        #expect(again.status == 65 && again.stderr.contains("pass --update"), "\(again.stderr)")

        let register = home.root + "/assets.csv"
        try "Asset Tag,Serial,Model,Category,Company\nLAP-1,SN1,Latitude,Laptop,Acme Deutschland GmbH\nLAP-2,SN2,EliteBook,Laptop,Globex Ltd\n"
            .write(toFile: register, atomically: true, encoding: .utf8)
        let unknown = try home.expunge(["asset", "import", register])
        #expect(unknown.status == 65 && unknown.stderr.contains("customer \"Globex Ltd\" (1 asset: LAP-2) is not in the customer register"), "\(unknown.stderr)")
        let created = try home.expunge(["asset", "import", register, "--create-customers"])
        #expect(created.status == 0 && created.stdout.contains("added 1 customer to the register (globex-ltd)"), "\(created.stdout) \(created.stderr)")
        #expect(try home.expunge(["asset", "list", "--customer", "ACME-DE", "--format", "csv"]).stdout.contains("LAP-1,"))

        try await ScratchLoopDevice.with(size: .mebibytes(8)) { loop in
            let refused = try home.expunge(["wipe", loop.path, "--asset", "LAP-1", "--customer", "Initech", "--yes", "--json", "--progress", "none"])
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stdout.contains("\"code\" : \"customer-not-registered\""), "\(refused.stdout)")
            #expect(refused.stderr.contains("--create-customer"), "the remedy names the option: \(refused.stderr)")
            #expect(try home.certificateFiles().isEmpty, "a refused --customer writes nothing and certifies nothing")
            let wiped = try home.expunge(["wipe", loop.path, "--asset", "LAP-1", "--customer", "acme deutschland gmbh", "--pattern", "zero",
                                          "--yes", "--progress", "none"])
            #expect(wiped.status == 0, "\(wiped.stderr)")
            let made = try home.expunge(["wipe", loop.path, "--asset", "LAP-9", "--customer", "Initech", "--create-customer", "--pattern", "zero",
                                         "--yes", "--progress", "none"])
            #expect(made.status == 0 && made.stderr.contains("Added customer Initech"), "\(made.stderr)")
        }
        let certificates = try home.certificateFiles().map { try String(contentsOfFile: $0, encoding: .utf8) }
        #expect(certificates.count == 2)
        #expect(certificates[0].contains("\"customer\" : \"ACME-DE\"") && certificates[0].contains("\"customer_name\" : \"Acme Deutschland GmbH\""),
                "the certificate names the customer by ID and legal name: \(certificates[0])")
        #expect(certificates.allSatisfy { $0.contains("\"schema_version\" : 5") })
        #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)

        let gdpr = try home.expunge(["report", "gdpr", "--customer", "ACME-DE", "--format", "csv"])
        #expect(gdpr.status == 0, "\(gdpr.stderr)")
        #expect(gdpr.stdout.contains("LAP-1,ACME-DE,Acme Deutschland GmbH,") && !gdpr.stdout.contains("LAP-9"), "\(gdpr.stdout)")
        let notRegistered = try home.expunge(["report", "gdpr", "--customer", "Hooli", "--format", "csv"])
        #expect(notRegistered.status == 65 && notRegistered.stderr.contains("not in the customer register"), "\(notRegistered.stderr)")
        let shown = try home.expunge(["customer", "show", "ACME-DE"])
        #expect(shown.stdout.contains("Acme Deutschland GmbH") && shown.stdout.contains("Assets:      1 (1 sanitized)"), "\(shown.stdout)")
        let updated = try home.expunge(["customer", "add", "Initech", "--name", "Initech Corporation", "--country", "US", "--update"])
        #expect(updated.status == 0, "\(updated.stderr)")

        // The register is recreated from the certificates when the index is lost.
        try FileManager.default.removeItem(atPath: home.root + "/records.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: home.root + "/records.sqlite" + suffix) }
        #expect(try home.expunge(["records", "rebuild"]).status == 0)
        let list = try home.expunge(["customer", "list", "--format", "csv"]).stdout
        #expect(list.contains("ACME-DE,Acme Deutschland GmbH,") && list.contains("Initech,Initech,"), "\(list)")
    }
}
