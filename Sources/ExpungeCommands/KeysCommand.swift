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

struct KeysInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the station key (ECDSA P-256) and a self-signed certificate or a CSR.")

    @Option(name: .long, help: "Station name: letters, digits, '.', '_', '-' (part of every certificate ID).")
    var station: String

    @Option(name: .customLong("org"), help: "Organization operating the station.")
    var organization: String

    @Option(name: .long, help: "Site or location of the station (recorded on certificates).")
    var location: String?

    @Flag(name: .long, help: "Write a certificate signing request for your CA instead of a self-signed certificate.")
    var csr = false

    @Option(name: .long, help: "Validity of the self-signed certificate in days.")
    var days: Int = 825

    @Flag(name: .long, help: "Replace an existing key (documents signed with the old one stay verifiable with its certificate).")
    var force = false

    func validate() throws {
        if !StationConfiguration.isValidStationName(station) {
            throw ValidationError("station name \"\(station)\" is not valid: use 1–64 letters, digits, '.', '_' or '-'")
        }
        if organization.trimmingSpaces().isEmpty { throw ValidationError("--org must not be empty") }
        if !(1...3650).contains(days) { throw ValidationError("--days must be between 1 and 3650") }
    }

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let home = global.environment().home
        try home.checkPermissions()
        let store = StationKeyStore(home: home)
        let result = try store.initialize(station: station, organization: organization, location: location,
                                          kind: csr ? .request : .selfSigned, validityDays: days, replace: force)
        Console.out("Station key: \(result.keyPath) (mode 0600)")
        if let cert = result.certificate {
            Console.out("Self-signed certificate: \(store.certificatePath)")
            Console.out("SHA-256 fingerprint: \(cert.fingerprintSHA256)")
            Console.out("Trust anchor for auditors: \(store.trustPath)")
        }
        if let req = result.requestPath {
            Console.out("Certificate signing request: \(req)")
            Console.out("Have your CA sign it, then: expunge keys install <certificate.pem> --ca <ca.pem>")
        }
    }
}

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

struct KeysShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the station certificate: subject, fingerprint, validity.")

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Info: Encodable {
        let station: String
        let organization: String
        @NullCoded var location: String?
        let subject: String
        let issuer: String
        let selfSigned: Bool
        let serial: String
        let fingerprintSHA256: String
        @NullCoded var notBefore: String?
        @NullCoded var notAfter: String?
        let validNow: Bool
        let keyPath: String
        let certificatePath: String

        enum CodingKeys: String, CodingKey {
            case station, organization, location, subject, issuer
            case selfSigned = "self_signed"
            case serial
            case fingerprintSHA256 = "fingerprint_sha256"
            case notBefore = "not_before"
            case notAfter = "not_after"
            case validNow = "valid_now"
            case keyPath = "key_path"
            case certificatePath = "certificate_path"
        }

    }

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = StationKeyStore(home: global.environment().home)
        let config = try store.loadConfiguration()
        let cert = try store.loadCertificate()
        let now = Date()
        let valid = (cert.notBefore.map { $0 <= now } ?? false) && (cert.notAfter.map { now <= $0 } ?? false)
        let info = Info(station: config.station, organization: config.organization, location: config.location,
                        subject: cert.subject, issuer: cert.issuer, selfSigned: cert.isSelfSigned, serial: cert.serialHex,
                        fingerprintSHA256: cert.fingerprintSHA256, notBefore: cert.notBefore.map(Timestamp.rfc3339),
                        notAfter: cert.notAfter.map(Timestamp.rfc3339), validNow: valid,
                        keyPath: store.keyPath, certificatePath: store.certificatePath)
        if json {
            Console.out(try JSONOutput.encode(info))
            return
        }
        Console.out("""
        Station:      \(info.station) (\(info.organization)\(info.location.map { ", \($0)" } ?? ""))
        Subject:      \(info.subject)
        Issuer:       \(info.issuer)\(info.selfSigned ? " (self-signed)" : "")
        Serial:       \(info.serial)
        SHA-256:      \(info.fingerprintSHA256)
        Valid:        \(info.notBefore ?? "?") to \(info.notAfter ?? "?")\(valid ? "" : "  — NOT VALID NOW")
        Key:          \(info.keyPath)
        Certificate:  \(info.certificatePath)
        """)
    }
}
