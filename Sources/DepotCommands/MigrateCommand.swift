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
        let opened = try depot.open()
        Terminal.out("\(opened.description): schema up to date")
    }
}
