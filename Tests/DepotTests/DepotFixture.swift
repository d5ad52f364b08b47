import DepotAPI
import Depot
import Evidence
import Fakes
import Foundation
import Records
import StorageModel
import TestSupport

/// A depot over a memory archive with one enrolled station (a throwaway key and ledger) that
/// signs real certificates.
final class DepotFixture: @unchecked Sendable {
    let archive: MemoryDepotArchive
    let station: TestStation
    var clock: Date
    let ingest: DepotIngest
    let witness: HeadWitness

    init(station name: String = "DEPOT-T1", enroll: Bool = true) async throws {
        archive = MemoryDepotArchive()
        station = try TestStation(name: name)
        clock = Date()
        let now: @Sendable () -> Date = { Date() }
        ingest = DepotIngest(archive: archive, now: now)
        witness = HeadWitness(archive: archive, now: now)
        if enroll { try await enrollStation() }
    }

    func enrollStation() async throws {
        let desk = EnrollmentDesk(archive: archive)
        let token = try await desk.create(station: station.signer.station.name)
        _ = try await desk.redeem(token: token.text, certificatePEM: String(decoding: station.signer.certificate.pem, as: UTF8.self))
    }

    /// A new certificate in the station's ledger: its bytes and signature.
    func certify(asset: String = "ASSET-1", edit: (inout WipeCertificate) -> Void = { _ in }) throws -> Signed {
        try Signed(station.certify(asset: asset, edit: edit))
    }

    /// A certificate signed by this station's key in another ledger (same IDs, other bytes).
    func certify(in ledger: Ledger, asset: String = "ASSET-F") throws -> Signed {
        let signer = station.signer
        return try Signed(ledger.append(station: signer.station.name, make: { position in
            try WipeCertificate(outcome: TestStation.outcome(), position: position, station: signer.station, operatorID: "op-2",
                                assetID: asset, customer: nil, tool: TestStation.tool).encoded()
        }, sign: { try signer.sign($0) }))
    }

    /// A head statement signed by the station.
    func statement(sequence: UInt64, sha256: String?, signedAt: Date = Date(), signer: (any DocumentSigning)? = nil) throws -> (bytes: [UInt8], signature: [UInt8]) {
        let s = signer ?? station.signer
        let bytes = try CanonicalJSON.encode(HeadStatement(station: station.signer.station.name, sequence: sequence, sha256: sha256,
                                                           signedAt: Timestamp.rfc3339(signedAt)))
        return (bytes, try s.sign(bytes))
    }

    var name: String { station.signer.station.name }

    /// A temporary ledger directory (for forks).
    func otherLedger() -> Ledger {
        Ledger(directory: station.home.root + "/other-ledger-\(UUID().uuidString)")
    }
}

/// A ledger document's bytes and signature.
struct Signed {
    let id: String
    let sequence: UInt64
    let sha256: String
    let document: [UInt8]
    let signature: [UInt8]

    init(_ entry: LedgerEntry) throws {
        id = entry.id
        sequence = entry.sequence
        sha256 = entry.sha256
        document = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry.documentPath)))
        signature = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry.signaturePath)))
    }

    var upload: DocumentUpload { DocumentUpload(document: document, signature: signature) }
}

/// Runs `body` and returns the rejection it threw (nil when it did not throw one).
func rejection(_ body: () async throws -> some Any) async -> DepotRejection? {
    do { _ = try await body() } catch let r as DepotRejection { return r } catch { return nil }
    return nil
}
