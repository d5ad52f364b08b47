import Foundation
import StorageModel

/// Reads a customer register exported as CSV (`expunge customer import`): columns ID, legal name,
/// country, contact, DPA reference, recognised by their usual header names in any order;
/// delimiter and encoding as `CSVTable` detects them. Every problem is reported with its line;
/// nothing is imported unless the whole file is good.
public enum CustomerImporter {
    /// Header names accepted for each field (compared lower-cased, spaces and `_`/`-` ignored).
    static let headers: [String: [String]] = [
        "id": ["id", "customerid", "customer", "code", "customercode", "clientid", "companyid"],
        "legal_name": ["legalname", "name", "customername", "company", "companyname", "registeredname"],
        "country": ["country", "countrycode", "iso"],
        "contact": ["contact", "email", "dpo", "dpocontact", "privacycontact"],
        "dpa_reference": ["dpa", "dpareference", "dpaid", "agreement", "contract", "processingagreement"],
    ]

    public struct Parsed: Sendable {
        public var customers: [CustomerRecord]
        public var problems: [String]
    }

    static func normalise(_ header: String) -> String {
        header.lowercased().filter { !" _-/".contains($0) }
    }

    /// Parses a CSV register (`delimiter` nil: detected from the header line) into customers
    /// created at `at`.
    public static func read(csv text: String, createdAt at: String, delimiter: CSVTable.Delimiter? = nil) -> Parsed {
        let records: [CSVTable.Record]
        do { records = try CSVTable.parse(text, delimiter: delimiter ?? .detect(in: text)) } catch {
            return Parsed(customers: [], problems: [error.description])
        }
        guard let header = records.first?.fields else { return Parsed(customers: [], problems: ["the file is empty"]) }
        var column: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let n = normalise(name)
            if let field = headers.first(where: { $0.value.contains(n) })?.key, column[field] == nil { column[field] = i }
        }
        var problems: [String] = []
        for required in ["id", "legal_name"] where column[required] == nil {
            problems.append("no \(required == "id" ? "customer ID" : "legal name") column (headers: \(header.joined(separator: ", ")))")
        }
        guard problems.isEmpty else { return Parsed(customers: [], problems: problems) }
        var customers: [CustomerRecord] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ field: String) -> String? {
                guard let i = column[field], i < record.fields.count else { return nil }
                let v = record.fields[i].trimmingSpaces()
                return v.isEmpty ? nil : v
            }
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            let customer = CustomerRecord(customerID: value("id") ?? "", legalName: value("legal_name") ?? "",
                                          country: value("country")?.uppercased(), contact: value("contact"),
                                          dpaReference: value("dpa_reference"), createdAt: at)
            if let p = customer.problem() { problems.append("line \(record.line): \(p)"); continue }
            if let earlier = firstLine[customer.customerID] {
                problems.append("line \(record.line): customer ID \(customer.customerID) is also on line \(earlier)")
                continue
            }
            firstLine[customer.customerID] = record.line
            customers.append(customer)
        }
        return Parsed(customers: customers, problems: problems)
    }
}
