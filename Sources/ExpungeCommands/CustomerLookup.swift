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
        let shown = DisplayString.sanitize(text) ?? "?"
        guard create else {
            let add = "add it with `expunge customer add ID --name \"Legal name\"` or import the register with `expunge customer import FILE`"
            throw ExpungeError(.badInput, code: "customer-not-registered",
                               "\(option) \(shown) is not in the customer register (neither an ID nor a legal name there)",
                               remedy: createOption.map { "\(add), or pass \($0) to add it now with this text as its legal name; `expunge customer list` shows the register" }
                                   ?? "\(add); `expunge customer list` shows the register")
        }
        let customer = references.newCustomer(named: text, at: Timestamp.rfc3339(Date()))
        if let problem = customer.problem() { throw ExpungeError(.usage, code: "customer-invalid", "\(option): \(problem)") }
        try await store.saveCustomers([customer], updating: [])
        Console.err("Added customer \(customer.customerID) (\(DisplayString.sanitize(customer.legalName) ?? "")) to the register; "
                    + "complete it with `expunge customer add \(customer.customerID) --name \"Legal name\" --country CC --update`.")
        return customer
    }
}

extension Optional {
    /// `flatMap` with an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
