import DepotAPI
import NIOCore
import Evidence
import Foundation
import Station
import StorageModel

/// `expunge depot join`: redeems the one-time token at the depot with the station certificate
/// (which the depot pins), then records the depot in the outbox so every document signed from
/// now on, and every one already in the ledger, is queued for it.
public struct DepotJoin: Sendable {
    public let home: ExpungeHome
    public let address: DepotAddress
    /// The depot's certificate or CA (PEM), read from `--ca`; nil for the system's roots.
    public let trustPEM: [UInt8]?
    public let allowHTTP: Bool

    public init(home: ExpungeHome, address: DepotAddress, trustPEM: [UInt8]?, allowHTTP: Bool) {
        self.home = home
        self.address = address
        self.trustPEM = trustPEM
        self.allowHTTP = allowHTTP
    }

    public func run(token: String, signer: StationSigner, now: Date = Date()) async throws -> (EnrollResponse, DepotLink) {
        let outbox = Outbox(home: home)
        // The trust anchor is checked and used from a scratch file before it is installed.
        var scratch: String?
        if let trustPEM {
            guard !X509Certificate.loadAll(pem: trustPEM).isEmpty else {
                throw ExpungeError(.badInput, code: "depot-ca-unreadable", "the --ca file holds no PEM certificate",
                                   remedy: "give the depot's certificate or the CA that issued it, in PEM")
            }
            try AtomicFile.ensureDirectory(outbox.directory)
            let path = outbox.directory + "/.join-trust-\(getpid()).pem"
            try AtomicFile.write(trustPEM, to: path, mode: 0o644)
            scratch = path
        }
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let connection = try DepotConnection(address: address, trustPEMFile: scratch)
        let enrolled: EnrollResponse
        do {
            enrolled = try await connection.enroll(token: token, certificatePEM: String(decoding: signer.certificate.pem, as: UTF8.self))
            await connection.shutdown()
        } catch {
            await connection.shutdown()
            throw error
        }
        guard enrolled.station == signer.station.name, enrolled.certificateSHA256 == signer.certificate.fingerprintSHA256 else {
            throw ExpungeError(.failed, code: "depot-pinned-other",
                               "the depot enrolled \(enrolled.station) with certificate \(enrolled.certificateSHA256), not this station's",
                               remedy: "check the depot URL and token")
        }
        let link = DepotLink(url: address.base, station: enrolled.station, trustFile: trustPEM == nil ? nil : "depot-trust.pem",
                             allowHTTP: allowHTTP, certificateSHA256: enrolled.certificateSHA256, joinedAt: Timestamp.rfc3339(now))
        try outbox.join(link, trustPEM: trustPEM)
        return (enrolled, link)
    }
}

extension Outbox {
    /// A connection to the joined depot (trusting what was given at join); nil when not joined.
    /// `timeoutSeconds`: how long one request may wait for the depot's answer.
    public func connection(timeoutSeconds: Int64 = 30) throws -> DepotConnection? {
        guard let link = try link() else { return nil }
        let address = try DepotAddress(link.url, allowHTTP: link.allowHTTP)
        return try DepotConnection(address: address, trustPEMFile: link.trustFile.map { directory + "/" + $0 }, timeout: .seconds(timeoutSeconds))
    }
}
