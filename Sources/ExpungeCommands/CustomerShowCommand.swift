import ArgumentParser
import Foundation
import Records
import StorageModel

struct CustomerShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a customer and how many of its assets are in each status.")

    @Argument(help: "Customer ID or legal name.")
    var customer: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    struct Document: Encodable {
        let customer: CustomerRecord
        let assets: [String: Int]
    }

    func run() async throws {
        let store = try await global.environment().openStore()
        guard let found = try await CustomerLookup.resolve(customer, option: "customer", store: store) else { return }
        var counts: [String: Int] = [:]
        try await store.forEachOverview(AssetFilter(customer: found.customerID)) { counts[$0.status.rawValue, default: 0] += 1 }
        if json { Console.out(try PrettyJSON.encode(Document(customer: found, assets: counts))); return }
        let total = counts.values.reduce(0, +)
        var lines = [
            "Customer:    \(found.customerID)\(found.migratedFromFreeText ? "  (MIGRATED from free text: confirm with `expunge customer add \(found.customerID) --name … --update`)" : "")",
            "Legal name:  \(found.legalName)",
            "Country:     \(found.country ?? "not given")",
            "Contact:     \(found.contact ?? "not given")",
            "DPA:         \(found.dpaReference ?? "not given")",
            "Added:       \(found.createdAt)",
            "Assets:      \(total)" + (counts.isEmpty ? "" : " (" + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"),
        ]
        if total > 0 { lines.append("List them with `expunge asset list --customer \(found.customerID)`.") }
        Console.out(lines.joined(separator: "\n"))
    }
}
