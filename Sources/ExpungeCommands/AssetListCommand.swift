import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

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
        let store = try await global.environment().openStore()
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
