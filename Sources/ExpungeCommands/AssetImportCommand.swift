import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

struct AssetImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import assets from a CSV register export.",
        discussion: """
        Columns are found by header name, in any order: asset ID (asset_id, asset tag, …), serial, manufacturer, model, \
        category, customer/owner/company, weight_kg (optional); a Snipe-IT export imports as it is. The delimiter \
        (comma, semicolon or tab) is detected from the header line; UTF-8 with or without a byte-order mark is read, \
        legacy exports with --encoding windows-1252 or latin-1. Categories are mapped to the vocabulary \
        (\(AssetCategory.vocabulary)); common synonyms such as notebook, smartphone or hard disk are accepted. \
        Every problem is reported with its line; nothing is imported unless every row is valid, or --partial is \
        given (then the valid rows are, in one transaction). An asset ID already in the register is an error \
        unless --update is given: then its register fields are updated from the non-empty cells (never its \
        certificates or disposals), in the same all-or-nothing transaction as the new assets. The customer cell \
        must name a customer of the register (`expunge customer`), by ID or by exact legal name; assets store its \
        ID. An unknown customer is a problem like any other, unless --create-customers is given: then each is \
        added to the register with that text as its legal name, once every row is valid.
        """)

    @OptionGroup var register: RegisterFileOptions

    @Flag(name: .long, help: "Import the valid rows even if some rows are invalid.")
    var partial = false

    @Flag(name: .long, help: "Update assets already in the register from their rows (non-empty cells only).")
    var update = false

    @Flag(name: .long, help: "Add customers the register does not have, with the cell's text as their legal name.")
    var createCustomers = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let name = register.shownName
        let text = try register.text()
        let store = try await global.environment().openStore()
        let plan = try await AssetRegisterImport.plan(csv: text, store: store, at: Timestamp.rfc3339(Date()), delimiter: register.delimiter,
                                                      update: update, createCustomers: createCustomers)
        for p in plan.problems { Console.err("\(name): \(p.line > 0 ? "line \(p.line): " : "")\(p.message)") }
        if !plan.problems.isEmpty && !partial {
            throw ExpungeError(.badInput, code: "register-invalid",
                               "\(plan.problems.count) problem\(plan.problems.count == 1 ? "" : "s") in \(name); nothing was imported",
                               remedy: "fix the rows above, or pass --partial to import the \(plan.assets.count + plan.updates.count) valid rows")
        }
        try await plan.apply(to: store)
        Console.out(plan.summary)
    }
}
