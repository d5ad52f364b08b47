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

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
