import ArgumentParser
import Foundation
import Glibc
import StorageModel

/// `expunge-depot`: the depot server and its administration. The work happens in `Depot` (the
/// service) and `DepotServer` (HTTP); this module parses and prints.
public struct ExpungeDepot: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "expunge-depot",
        abstract: "The depot: one record of truth for many Expunge stations (enrollment, push, witness, reports).",
        discussion: """
        Stations enroll with a one-time token and push every signed document; the depot verifies each against \
        the station's pinned certificate, archives the exact bytes with their index, and witnesses each \
        station's ledger head. See Docs/depot.md and Docs/api.md. Exit status: 0 success; 1 failed; 64 usage; \
        65 bad input data; 77 permission.
        """,
        version: version,
        subcommands: [ServeCommand.self, MigrateCommand.self, StationsCommand.self, UsersCommand.self, ImportLedgerCommand.self,
                      FindingsCommand.self, DepotReportCommand.self, DepotKeysCommand.self]
    )

    public init() {}

    /// Runs the command line and exits with the documented status.
    public static func execute() async {
        _ = signal(SIGPIPE, SIG_IGN)
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any OperatorError {
            Terminal.error(error)
            if CommandLine.arguments.contains("--json") { Terminal.out(OperatorErrorDocument(error).json) }
            Foundation.exit(error.exitStatus.rawValue)
        } catch {
            let status = exitCode(for: error)
            guard status != .success else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.err(message) }
            Foundation.exit(status.rawValue)
        }
    }
}
