import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "records", abstract: "Maintain the record store.",
                                                    subcommands: [RecordsRebuildCommand.self])
}
