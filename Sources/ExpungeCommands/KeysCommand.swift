import ArgumentParser
import Evidence
import Foundation
import StorageModel

/// `expunge keys`: the station's signing key and certificate.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, install and show the station's signing key and certificate.",
        discussion: "Files live in $EXPUNGE_HOME/keys (default /var/lib/expunge/keys). The private key is mode 0600 and is refused if others can read it.",
        subcommands: [KeysInitCommand.self, KeysInstallCommand.self, KeysShowCommand.self]
    )
}
