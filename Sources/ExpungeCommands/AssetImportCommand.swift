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
        var result = AssetImporter().read(csv: text, createdAt: Timestamp.rfc3339(Date()), delimiter: register.delimiter)
        // Customers: each cell resolved to a register ID; unknown ones listed once, or created.
        let references = CustomerReferences(try await store.customers())
        var newCustomers: [String: CustomerRecord] = [:]
        var unknown: [String: [String]] = [:]
        for i in result.assets.indices {
            guard let text = result.assets[i].customer else { continue }
            if let found = references.resolve(text) ?? newCustomers[text] {
                result.assets[i].customer = found.customerID
            } else if createCustomers {
                let made = references.newCustomer(named: text, at: Timestamp.rfc3339(Date()), taken: Set(newCustomers.values.map(\.customerID)))
                newCustomers[text] = made
                result.assets[i].customer = made.customerID
            } else {
                unknown[text, default: []].append(result.assets[i].assetID)
            }
        }
        for (text, assets) in unknown.sorted(by: { $0.key < $1.key }) {
            result.problems.append(AssetImporter.Problem(line: 0, message: "customer \"\(DisplayString.sanitize(text) ?? "")\" (\(assets.count) asset\(assets.count == 1 ? "" : "s"): "
                + "\(assets.prefix(3).joined(separator: ", "))\(assets.count > 3 ? ", …" : "")) is not in the customer register; "
                + "add it with `expunge customer add` or `expunge customer import`, or pass --create-customers"))
        }
        result.assets.removeAll { a in a.customer.map { unknown[$0] != nil } ?? false }
        for c in newCustomers.values { if let p = c.problem() { result.problems.append(AssetImporter.Problem(line: 0, message: p)) } }
        let existing = try await store.existingAssetIDs(result.assets.map(\.assetID))
        var updates: [AssetRecord] = []
        if update {
            updates = result.assets.filter { existing.contains($0.assetID) }
            result.assets.removeAll { existing.contains($0.assetID) }
        } else if !existing.isEmpty {
            result.problems += existing.sorted().map {
                AssetImporter.Problem(line: 0, message: "asset ID \($0) is already in the register (pass --update to update it)")
            }
            result.assets.removeAll { existing.contains($0.assetID) }
        }
        for p in result.problems { Console.err("\(name): \(p.line > 0 ? "line \(p.line): " : "")\(p.message)") }
        if !result.problems.isEmpty && !partial {
            throw ExpungeError(.badInput, code: "register-invalid",
                               "\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s") in \(name); nothing was imported",
                               remedy: "fix the rows above, or pass --partial to import the \(result.assets.count + updates.count) valid rows")
        }
        let created = newCustomers.values.sorted { $0.customerID < $1.customerID }
        if !created.isEmpty { try await store.saveCustomers(created, updating: []) }
        try await store.importAssets(result.assets, updating: updates) { _ in }
        func assets(_ n: Int) -> String { "\(n) asset\(n == 1 ? "" : "s")" }
        var summary = "Imported \(assets(result.assets.count))"
        if update { summary += ", updated \(assets(updates.count))" }
        if !created.isEmpty { summary += "; added \(created.count) customer\(created.count == 1 ? "" : "s") to the register (\(created.map(\.customerID).joined(separator: ", ")))" }
        Console.out(summary + (result.problems.isEmpty ? "." : "; skipped \(result.problems.count) invalid rows."))
    }
}
