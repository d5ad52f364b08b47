import ArgumentParser
import Evidence
import Foundation
import StorageModel

struct KeysInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the station certificate issued by your CA for the station's CSR.")

    @Argument(help: "The issued certificate (PEM); further certificates in the file are kept as the chain.")
    var certificate: String

    @Option(name: .long, help: "The CA certificate (PEM), installed as the local trust anchor for `expunge verify`.")
    var ca: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard let pem = FileManager.default.contents(atPath: certificate) else {
            throw ExpungeError(.badInput, "cannot read \(certificate)", remedy: "check the path")
        }
        var caPEM: [UInt8]?
        if let ca {
            guard let data = FileManager.default.contents(atPath: ca) else { throw ExpungeError(.badInput, "cannot read \(ca)", remedy: "check the path") }
            caPEM = [UInt8](data)
        }
        let home = global.environment().home
        try home.checkPermissions()
        let store = StationKeyStore(home: home)
        let leaf = try store.install(certificatePEM: [UInt8](pem), caPEM: caPEM)
        Console.out("Installed \(leaf.subject), issued by \(leaf.issuer)")
        Console.out("SHA-256 fingerprint: \(leaf.fingerprintSHA256)")
    }
}
