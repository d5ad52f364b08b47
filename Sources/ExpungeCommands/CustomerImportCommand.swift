import ArgumentParser
import Foundation
import Records
import StorageModel

struct CustomerImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import customers from a CSV export.",
        discussion: """
        Columns are found by header name, in any order: ID (id, customer_id, code, …), legal name (legal_name, name, \
        company, …), country (ISO 3166-1 alpha-2), contact, DPA reference (dpa, dpa_reference, agreement, …). The \
        delimiter is detected from the header line; --encoding reads legacy exports. Every problem is reported with \
        its line and nothing is imported unless every row is valid. An ID already in the register is an error unless \
        --update is given: then its details are replaced, in the same all-or-nothing transaction.
        """)

    @OptionGroup var register: RegisterFileOptions

    @Flag(name: .long, help: "Replace the details of customers already in the register.")
    var update = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let name = register.shownName
        let text = try register.text()
        let store = try await global.environment().openStore()
        let parsed = CustomerImporter.read(csv: text, createdAt: Timestamp.rfc3339(Date()), delimiter: register.delimiter)
        let registered = Set(try await store.customers().map(\.customerID))
        var problems = parsed.problems
        var added: [CustomerRecord] = [], updated: [CustomerRecord] = []
        for c in parsed.customers {
            if !registered.contains(c.customerID) { added.append(c) } else if update { updated.append(c) } else {
                problems.append("customer ID \(c.customerID) is already in the register (pass --update to replace its details)")
            }
        }
        for p in problems { Console.err("\(name): \(p)") }
        guard problems.isEmpty else {
            throw ExpungeError(.badInput, code: "register-invalid",
                               "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(name); nothing was imported",
                               remedy: "fix the rows above and import again")
        }
        try await store.saveCustomers(added, updating: updated)
        func customers(_ n: Int) -> String { "\(n) customer\(n == 1 ? "" : "s")" }
        Console.out("Imported \(customers(added.count))" + (update ? ", updated \(customers(updated.count))." : "."))
    }
}
