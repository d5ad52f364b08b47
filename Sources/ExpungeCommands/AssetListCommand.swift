import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

struct AssetListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List assets with their lifecycle status.",
        discussion: """
        --format csv writes one row per asset (formula-like cells neutralised; --excel adds a UTF-8 byte-order mark), \
        --format json a JSON array; both are streamed, whatever the size of the register.
        """)

    @Option(name: .long, help: "Only this status: \(LifecycleStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
    var status: LifecycleStatus?

    @Option(name: .long, help: "Only this customer's assets: its ID in the customer register (or its exact legal name).")
    var customer: String?

    @Option(name: .long, help: "Only this category (\(AssetCategory.vocabulary); synonyms accepted).")
    var category: String?

    @Flag(name: .long, help: "Only assets created by a wipe because they were not in the register.")
    var notInRegister = false

    @Option(name: .long, help: "Only assets with a certificate issued by this station.")
    var station: String?

    @OptionGroup var output: ListFormatOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let station, !StationConfiguration.isValidStationName(station) {
            throw ValidationError("--station \"\(DisplayString.sanitize(station) ?? "")\" is not a station name (letters, digits, dashes, as `expunge keys init --station` takes it)")
        }
    }

    static let csvHeader = ["asset_id", "status", "customer", "category", "manufacturer", "model", "serial", "weight_kg", "devices",
                            "certificates", "disposals", "in_register", "created_at"]

    func run() async throws {
        let store = try await global.environment().openStore()
        // A category the vocabulary knows is matched by its word ("Notebooks" lists laptops).
        let categoryFilter = category.map { AssetCategory.parse($0)?.rawValue ?? $0 }
        let customerID = try await CustomerLookup.resolve(customer, store: store)?.customerID
        let filter = AssetFilter(status: status, customer: customerID, category: categoryFilter, inRegister: notInRegister ? false : nil,
                                 station: station)
        switch output.effective {
        case .json:
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
        case .csv:
            var buffer = output.csvPrefix + CSVTable.line(Self.csvHeader) + "\r\n"
            try await store.forEachOverview(filter) { r in
                let a = r.asset
                buffer += CSVTable.line([a.assetID, r.status.rawValue, a.customer ?? "", a.category ?? "", a.manufacturer ?? "", a.model ?? "",
                                         a.serial ?? "", a.weightKg.map { "\($0)" } ?? "", String(r.devices),
                                         String(r.certificates), String(r.disposals), a.inRegister ? "true" : "false", a.createdAt]) + "\r\n"
                if buffer.utf8.count > 1 << 16 { Console.write(1, buffer); buffer = "" }
            }
            Console.write(1, buffer)
        case .table:
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
}
