import ArgumentParser
import Evidence
import Foundation
import StorageModel

/// `expunge-depot keys`: the depot's own signing key (it signs the evidence packs it builds).
struct DepotKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create the depot's signing key and self-signed certificate (for the evidence packs it signs).",
        subcommands: [DepotKeysInitCommand.self])
}

struct DepotKeysInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the depot's ECDSA P-256 key (keys/station.key.pem under the depot's home, mode 0600) and a self-signed certificate.")

    @Option(name: .long, help: "The depot's name in its certificate and manifests (letters, digits, '.', '_', '-').")
    var name: String

    @Option(name: .long, help: "Organisation.")
    var org: String

    @Option(name: .long, help: "Validity of the certificate in days.")
    var days: Int = 825

    @Flag(name: .long, help: "Replace an existing key.")
    var force = false

    @OptionGroup var depot: DepotOptions

    func run() throws {
        let store = StationKeyStore(home: ExpungeHome(root: depot.resolvedHome))
        let made = try store.initialize(station: name, organization: org, location: nil, kind: .selfSigned, validityDays: days, replace: force)
        Terminal.out("Depot key \(made.keyPath); certificate \(made.certificate?.fingerprintSHA256 ?? "")")
    }
}
