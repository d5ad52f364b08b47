import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

extension CSVTable.Delimiter: ExpressibleByArgument {}
extension RegisterEncoding: ExpressibleByArgument {}

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
        certificates or disposals), in the same all-or-nothing transaction as the new assets.
        """)

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(name: .long, help: "Import the valid rows even if some rows are invalid.")
    var partial = false

    @Flag(name: .long, help: "Update assets already in the register from their rows (non-empty cells only).")
    var update = false

    @Option(name: .long, help: "comma, semicolon or tab (default: detected from the header line).")
    var delimiter: CSVTable.Delimiter?

    @Option(name: .long, help: "utf-8 (default), windows-1252 or latin-1.")
    var encoding: RegisterEncoding = .utf8

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let name = DisplayString.sanitize(file) ?? "?"
        let bytes: [UInt8]
        switch BoundedFile.read(file, limit: DocumentLimits.maxRegisterBytes) {
        case .success(let b): bytes = b
        case .failure(let f): throw ExpungeError(.badInput, code: "register-unreadable", "cannot import \(name): \(f)",
                                                 remedy: "check the path; split a register larger than \(BoundedFile.describe(DocumentLimits.maxRegisterBytes))")
        }
        guard let text = encoding.decode(bytes) else {
            throw ExpungeError(.badInput, code: "register-encoding", "\(name) is not valid \(encoding.rawValue) text",
                               remedy: encoding == .utf8 ? "pass --encoding windows-1252 (or latin-1) for a legacy spreadsheet export, or export as CSV UTF-8"
                                                         : "check the export's encoding; try --encoding utf-8 or latin-1")
        }
        let store = try await global.environment().openStore()
        var result = AssetImporter().read(csv: text, createdAt: Timestamp.rfc3339(Date()), delimiter: delimiter)
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
        try await store.importAssets(result.assets, updating: updates) { _ in }
        func assets(_ n: Int) -> String { "\(n) asset\(n == 1 ? "" : "s")" }
        var summary = "Imported \(assets(result.assets.count))"
        if update { summary += ", updated \(assets(updates.count))" }
        Console.out(summary + (result.problems.isEmpty ? "." : "; skipped \(result.problems.count) invalid rows."))
    }
}
