import Foundation
import Records
import StorageModel

/// `--customer` on the command line: a customer in the register, named by ID or by its legal
/// name. Unknown customers are refused with the remedy, or added when the command allows it
/// (`--create-customer`).
enum CustomerLookup {
    static func resolve(_ text: String?, option: String = "--customer", create: Bool = false, createOption: String? = nil,
                        store: any RecordStore) async throws -> CustomerRecord? {
        guard let text else { return nil }
        let references = CustomerReferences(try await store.customers())
        if let found = references.resolve(text) { return found }
        guard create else { throw UnknownCustomer(text, option: option, createOption: createOption) }
        let customer = references.newCustomer(named: text, at: Timestamp.rfc3339(Date()))
        if let problem = customer.problem() { throw ExpungeError(.usage, code: "customer-invalid", "\(option): \(problem)") }
        try await store.saveCustomers([customer], updating: [])
        Console.err("Added customer \(customer.customerID) (\(DisplayString.sanitize(customer.legalName) ?? "")) to the register; "
                    + "complete it with `expunge customer add \(customer.customerID) --name \"Legal name\" --country CC --update`.")
        return customer
    }
}
