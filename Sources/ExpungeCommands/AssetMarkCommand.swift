import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

struct AssetMarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mark", abstract: "Mark an asset as awaiting destruction (or clear the mark).")

    @Argument(help: "Asset ID.")
    var id: String

    @Flag(name: .long, help: "Clear the awaiting-destruction mark instead.")
    var clear = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try await global.environment().openStore()
        try await store.markAwaitingDestruction(id, at: clear ? nil : Timestamp.rfc3339(Date()))
        Console.out(clear ? "\(id): mark cleared." : "\(id): awaiting destruction.")
    }
}
