import ArgumentParser
import Evidence
import Foundation
import StorageModel

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
            Console.out(try PrettyJSON.encode(info))
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
