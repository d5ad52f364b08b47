import ArgumentParser
import Foundation
import Glibc
import StorageModel

/// The `expunge` command: parses, confirms, shows progress, prints. The work happens in the
/// library modules.
public struct Expunge: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "expunge",
        abstract: "Certified data sanitization (NIST SP 800-88 Clear and Purge) with signed evidence.",
        discussion: """
        Exit status: 0 success; 1 failed; 2 not supported by the device or kernel; 3 sanitized but \
        verification failed; 4 some devices failed; 64 usage; 65 bad input data; 77 permission \
        (not root, key unreadable); 130 interrupted.
        """,
        version: version,
        subcommands: [DevicesCommand.self, HealthCommand.self, WipeCommand.self, StationCommand.self, KeysCommand.self, VerifyCommand.self,
                      CertificateCommand.self, AttemptsCommand.self, AssetCommand.self, CustomerCommand.self, DisposeCommand.self, ReportCommand.self, LabelCommand.self,
                      RecordsCommand.self, LedgerCommand.self, DepotCommand.self, SyncCommand.self]
    )

    public init() {}

    /// Runs the command line and exits with the documented status. Operator errors print one
    /// line naming the problem and the remedy.
    public static func execute() async {
        // A reader that goes away (`expunge wipe … | head`, a closed ssh pipe) makes writes fail
        // with EPIPE instead of killing the process in the middle of a wipe.
        _ = signal(SIGPIPE, SIG_IGN)
        // Nothing Expunge creates is writable by group or others (see HomePermissions).
        umask(umask(0) | 0o022)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any OperatorError {
            Console.error(error)
            if CommandLine.arguments.contains("--json") { Console.out(OperatorErrorDocument(error).json) }
            Foundation.exit(error.exitStatus.rawValue)
        } catch {
            let status = exitCode(for: error)
            guard status != .success else { exit(withError: error) }
            // Usage errors can echo what was typed: shown without control characters.
            let message = fullMessage(for: error)
            if !message.isEmpty { Console.err(Console.sanitizedLines(message)) }
            Foundation.exit(status.rawValue)
        }
    }
}
