import ArgumentParser
import Foundation
import StorageModel

/// `expunge-depot migrate`: create or upgrade the database schema (also done at every start).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the depot's database or bring its schema up to date (serve does this at start too).")

    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let text = try await depot.withDepot { opened in
            if let postgres = opened.postgres {
                let version = try await postgres.schemaVersion()
                return "\(opened.description): schema version \(version.current) of \(version.latest), up to date"
            }
            return "\(opened.description): schema up to date"
        }
        Terminal.out(text)
    }
}
