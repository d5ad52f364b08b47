import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

/// `expunge asset`: the asset register.
struct AssetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asset",
        abstract: "Import, list and show assets and their lifecycle.",
        subcommands: [AssetImportCommand.self, AssetListCommand.self, AssetShowCommand.self, AssetMarkCommand.self]
    )
}

extension LifecycleStatus: ExpressibleByArgument {}

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
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ExpungeError(.badInput, "cannot read \(file)", remedy: "check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExpungeError(.badInput, "\(file) is not UTF-8 text", remedy: "export the register as CSV in UTF-8")
        }
        let store = try global.environment().openStore()
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

struct AssetListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List assets with their lifecycle status.")

    @Option(name: .long, help: "Only this status: \(LifecycleStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
    var status: LifecycleStatus?

    @Option(name: .long, help: "Only this customer.")
    var customer: String?

    @Option(name: .long, help: "Only this category.")
    var category: String?

    @Flag(name: .long, help: "Only assets created by a wipe because they were not in the register.")
    var notInRegister = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try global.environment().openStore()
        let filter = AssetFilter(status: status, customer: customer, category: category, inRegister: notInRegister ? false : nil)
        if json {
            // Streamed: a JSON array written one asset at a time.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var first = true
            var buffer = "["
            try await store.forEachOverview(filter) { row in
                buffer += (first ? "\n" : ",\n") + String(decoding: try encoder.encode(row), as: UTF8.self)
                first = false
                if buffer.utf8.count > 1 << 16 { Console.write(1, buffer); buffer = "" }
            }
            Console.write(1, buffer + "\n]\n")
            return
        }
        let rows = try await store.overviews(filter)
        if rows.isEmpty { Console.out("No assets match."); return }
        var t = TextTable(headers: ["ASSET", "STATUS", "CUSTOMER", "CATEGORY", "MODEL", "DEVICES", "CERTIFICATES", "REGISTER"])
        for r in rows {
            t.add([r.asset.assetID, r.status.rawValue, r.asset.customer ?? "", r.asset.category ?? "", r.asset.model ?? "",
                   String(r.devices), String(r.certificates), r.asset.inRegister ? "yes" : "NOT IN REGISTER"])
        }
        Console.out(t.render())
    }
}

struct AssetShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an asset: identity, every wipe attempt, disposal, status.")

    @Argument(help: "Asset ID.")
    var id: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Document: Encodable {
        let asset: AssetRecord
        let status: LifecycleStatus
        let certificates: [CertificateIndexEntry]
        let disposals: [DisposalIndexEntry]
    }

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try global.environment().openStore()
        guard let asset = try await store.asset(id) else {
            throw ExpungeError(.badInput, "no asset \(id)", remedy: "list assets with `expunge asset list`")
        }
        let certs = try await store.certificates(assetID: id), disposals = try await store.disposals(assetID: id)
        let status = AssetLifecycle.status(certificates: certs, disposals: disposals, markedAwaitingDestruction: try await store.isMarkedAwaitingDestruction(id))
        if json { Console.out(try JSONOutput.encode(Document(asset: asset, status: status, certificates: certs, disposals: disposals))); return }
        var lines = [
            "Asset:     \(asset.assetID)\(asset.inRegister ? "" : "  (NOT IN REGISTER: created by a wipe)")",
            "Status:    \(status.rawValue)",
            "Customer:  \(asset.customer ?? "unknown")",
            "Device:    \([asset.manufacturer, asset.model].compactMap { $0 }.joined(separator: " ").nilIfEmpty ?? "unknown") · serial \(asset.serial ?? "unknown") · \(asset.category ?? "no category")",
            "Weight:    \(asset.weightKg.map { "\($0) kg" } ?? "unknown")",
            "",
        ]
        if certs.isEmpty { lines.append("No wipe attempts.") } else {
            var t = TextTable(headers: ["CERTIFICATE", "RESULT", "DEVICE SERIAL", "MODEL", "METHOD", "VERIFIED", "ENDED"])
            for c in certs {
                t.add([c.certificateID, c.result, (c.deviceSerial ?? "unknown") + (c.namespaceID.map { " ns \($0)" } ?? ""), c.deviceModel ?? "",
                       "\(c.level)/\(c.method)" + (c.scopeWholeDevice ? "" : " (part of the drive)"),
                       "\(c.verificationMode) \(String(format: "%.1f", c.verificationCoverage * 100))%", c.endedAt])
            }
            lines.append(t.render())
        }
        for d in disposals {
            lines.append("")
            lines.append("Disposal \(d.recordID): \(d.route.rawValue) → \(d.recipient) on \(d.disposedOn), \(d.weightKg) kg (\(d.weightSource.rawValue)), waste status \(d.wasteStatus.rawValue)\(d.ewcCode.map { ", EWC \($0)" } ?? "")\(d.overrideReason.map { ", OVERRIDE: \($0)" } ?? "")")
        }
        Console.out(lines.joined(separator: "\n"))
    }
}

struct AssetMarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mark", abstract: "Mark an asset as awaiting destruction (or clear the mark).")

    @Argument(help: "Asset ID.")
    var id: String

    @Flag(name: .long, help: "Clear the awaiting-destruction mark instead.")
    var clear = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try global.environment().openStore()
        try await store.markAwaitingDestruction(id, at: clear ? nil : Timestamp.rfc3339(Date()))
        Console.out(clear ? "\(id): mark cleared." : "\(id): awaiting destruction.")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
