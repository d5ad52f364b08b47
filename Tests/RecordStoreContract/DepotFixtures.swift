import Evidence
import Foundation
import Records
import StorageModel

/// Signed documents as the depot archive receives them, for the archive contract. The bytes are
/// stand-ins (the archive stores bytes; verifying them is the depot server's job), but their
/// SHA-256 is real.
extension Fixtures {
    public static let receivedAt = "2026-07-01T12:00:00Z"

    /// A wipe certificate document of `station` at `sequence`, its index entry and its asset.
    public static func archivedCertificate(_ id: String, station: String = "DEPOT-1", sequence: UInt64, asset: String,
                                           variant: String = "", previous: String? = nil) -> (ArchivedDocument, IndexedDocument, AssetRecord) {
        let bytes = Array("{\"certificate_id\":\"\(id)\",\"sequence\":\(sequence),\"asset\":\"\(asset)\"\(variant)}".utf8)
        let sha = SHA256Digest.hex(bytes)
        var entry = certificate(id, asset: asset, serial: "S-\(id)", result: .passed, ended: "2026-07-01T10:00:00Z", sequence: sequence)
        entry.sha256 = sha
        entry.station = station
        let document = ArchivedDocument(id: id, kind: .wipeCertificate, station: station, sequence: sequence, previousSHA256: previous,
                                        sha256: sha, document: bytes, signature: Array("signature of \(id)\(variant)".utf8), receivedAt: receivedAt)
        return (document, .certificate(entry), Fixtures.asset(asset, customer: "Depot Customer"))
    }

    /// A disposal record document of `station` at `sequence`, its index entry and its asset.
    public static func archivedDisposal(_ id: String, station: String = "DEPOT-1", sequence: UInt64, asset: String) -> (ArchivedDocument, IndexedDocument, AssetRecord) {
        let bytes = Array("{\"record_id\":\"\(id)\",\"sequence\":\(sequence)}".utf8)
        let sha = SHA256Digest.hex(bytes)
        var entry = disposal(id, asset: asset, route: .recycling, kg: 2.5, source: .measured, ewc: "16 02 14", on: "2026-07-01")
        entry.sha256 = sha
        let document = ArchivedDocument(id: id, kind: .disposalRecord, station: station, sequence: sequence, previousSHA256: String(repeating: "a", count: 64),
                                        sha256: sha, document: bytes, signature: [0x30, 0x82, 0x00, 0xFF], receivedAt: receivedAt)
        return (document, .disposal(entry), Fixtures.asset(asset, customer: "Depot Customer"))
    }

    public static func tokenSHA256(_ token: String) -> String { SHA256Digest.hex(Array(token.utf8)) }

    public static let stationPEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
}
