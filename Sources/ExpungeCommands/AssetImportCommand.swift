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
        category, customer/owner, weight_kg (optional). Every problem is reported with its line; nothing is imported \
        unless every row is valid, or --partial is given (then the valid rows are, in one transaction). An asset ID \
        already in the register is an error.
        """)

    @Argument(help: "The CSV file (UTF-8).")
    var file: String

    @Flag(name: .long, help: "Import the valid rows even if some rows are invalid.")
    var partial = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let data: Data
        switch BoundedFile.read(file, limit: DocumentLimits.maxRegisterBytes) {
        case .success(let bytes): data = Data(bytes)
        case .failure(let f): throw ExpungeError(.badInput, "cannot import \(DisplayString.sanitize(file) ?? "?"): \(f)", remedy: "check the path; split a register larger than \(BoundedFile.describe(DocumentLimits.maxRegisterBytes))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExpungeError(.badInput, "\(file) is not UTF-8 text", remedy: "export the register as CSV in UTF-8")
        }
        let store = try await global.environment().openStore()
        var result = AssetImporter().read(csv: text, createdAt: Timestamp.rfc3339(Date()))
        let existing = try await store.existingAssetIDs(result.assets.map(\.assetID))
        if !existing.isEmpty {
            result.problems += existing.sorted().map { AssetImporter.Problem(line: 0, message: "asset ID \($0) is already in the register") }
            result.assets.removeAll { existing.contains($0.assetID) }
        }
        for p in result.problems { Console.err("\(file): \(p.line > 0 ? "line \(p.line): " : "")\(p.message)") }
        if !result.problems.isEmpty && !partial {
            throw ExpungeError(.badInput, "\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s") in \(file); nothing was imported",
                               remedy: "fix the rows above, or pass --partial to import the \(result.assets.count) valid rows")
        }
        try await store.importAssets(result.assets) { _ in }
        Console.out("Imported \(result.assets.count) assets\(result.problems.isEmpty ? "" : "; skipped \(result.problems.count) invalid rows").")
    }
}
