import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// Witnesses a station's ledger head (`POST /api/v1/stations/{name}/head`): the station signs a
/// `HeadStatement` (its newest sequence and that document's SHA-256) with its pinned key; the
/// depot compares it with what it already knows. A head *lower* than one already witnessed, or
/// than a document the depot holds, means the station's ledger lost its tail (`tail-deleted`); a
/// different SHA-256 at a sequence the depot witnessed or holds means the ledger was rewritten
/// (`ledger-rewritten`). Either is recorded as a finding and answered (200) with the findings; a
/// consistent head is recorded as witnessed. A statement signed more than
/// `DepotAPI.requestDateTolerance` from the depot's clock is refused, so an old statement cannot
/// be replayed to raise false findings.
public struct HeadWitness: Sendable {
    public let archive: any DepotArchive
    public let now: @Sendable () -> Date

    public init(archive: any DepotArchive, now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive
        self.now = now
    }

    public func witness(station name: String, statement bytes: [UInt8], signature: [UInt8]) async throws -> HeadReceipt {
        guard bytes.count <= DocumentLimits.maxDocumentBytes, signature.count <= DocumentLimits.maxSignatureBytes else {
            throw DepotRejection(.tooLarge, code: "statement-too-large", "the head statement or its signature is over its limit",
                                 remedy: "send the statement the station signed")
        }
        guard let statement = try? JSONDecoder().decode(HeadStatement.self, from: Data(bytes)),
              statement.documentType == HeadStatement.documentType, statement.schemaVersion == 1 else {
            throw DepotRejection(.invalid, code: "invalid-statement", "the body is not a ledger head statement (schema version 1)",
                                 remedy: "send the statement as `expunge sync` makes it")
        }
        guard statement.station == name else {
            throw DepotRejection(.invalid, code: "station-mismatch", "the statement is station \(statement.station)'s head, sent for station \(name)",
                                 remedy: "send each station's head to its own path")
        }
        guard (statement.sequence == 0) == (statement.sha256 == nil), statement.sha256.map(Self.isSHA256) ?? true else {
            throw DepotRejection(.invalid, code: "invalid-statement", "the statement's sequence and SHA-256 do not go together",
                                 remedy: "send the statement as `expunge sync` makes it")
        }
        let pin = try await StationPin.active(name, in: archive)
        let clock = now()
        switch CMSSignature.verify(bytes, signature: signature, trust: pin.trust, at: clock) {
        case .failure(let f): throw StationPin.rejection(f, station: name)
        case .success(let signer): try pin.requirePinned(signer: signer.fingerprintSHA256)
        }
        guard let signedAt = Timestamp.parse(statement.signedAt), abs(signedAt.timeIntervalSince(clock)) <= DepotAPI.requestDateTolerance else {
            throw DepotRejection(.invalid, code: "stale-statement",
                                 "the statement was signed at \(statement.signedAt), more than \(Int(DepotAPI.requestDateTolerance)) s from the depot's clock",
                                 remedy: "sign a fresh statement; check that the station's clock is set (UTC)")
        }

        let at = Timestamp.rfc3339(clock)
        var findings: [DepotFinding] = []
        let latest = try await archive.latestHead(station: name)
        if let latest, statement.sequence < latest.sequence {
            findings.append(DepotFinding(
                station: name, kind: .tailDeleted, documentID: latest.sequence > 0 ? LedgerPosition.documentID(station: name, sequence: latest.sequence) : nil,
                sequence: statement.sequence,
                detail: "the station reports head \(statement.sequence), but the depot witnessed head \(latest.sequence) at \(latest.witnessedAt)",
                recordedAt: at))
        }
        if let newest = try await archive.activity(station: name)?.highestSequence, newest > statement.sequence, !(latest.map { $0.sequence >= newest } ?? false) {
            findings.append(DepotFinding(
                station: name, kind: .tailDeleted, documentID: LedgerPosition.documentID(station: name, sequence: newest), sequence: statement.sequence,
                detail: "the station reports head \(statement.sequence), but the depot holds its document \(newest)",
                recordedAt: at))
        }
        if let sha = statement.sha256 {
            if let witnessed = try await archive.head(station: name, sequence: statement.sequence), witnessed.sha256 != sha {
                findings.append(DepotFinding(
                    station: name, kind: .ledgerRewritten, documentID: LedgerPosition.documentID(station: name, sequence: statement.sequence),
                    sequence: statement.sequence,
                    detail: "the station reports SHA-256 \(sha) at sequence \(statement.sequence); the depot witnessed \(witnessed.sha256) at \(witnessed.witnessedAt)",
                    recordedAt: at))
            } else if let document = try await archive.document(station: name, sequence: statement.sequence), document.sha256 != sha {
                findings.append(DepotFinding(
                    station: name, kind: .ledgerRewritten, documentID: document.id, sequence: statement.sequence,
                    detail: "the station reports SHA-256 \(sha) at sequence \(statement.sequence); the depot holds \(document.id) with SHA-256 \(document.sha256)",
                    recordedAt: at))
            }
        }
        for finding in findings { try await archive.recordFinding(finding) }
        if findings.isEmpty, let sha = statement.sha256 {
            try await archive.recordHead(WitnessedHead(station: name, sequence: statement.sequence, sha256: sha, witnessedAt: at))
        }
        let witnessed = try await archive.latestHead(station: name)
        return HeadReceipt(station: name, witnessedSequence: witnessed?.sequence ?? 0, witnessedSHA256: witnessed?.sha256,
                           findings: findings.map(FindingBody.init))
    }

    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension FindingBody {
    public init(_ f: DepotFinding) {
        self.init(station: f.station, kind: f.kind.rawValue, documentID: f.documentID, sequence: f.sequence, detail: f.detail, recordedAt: f.recordedAt)
    }
}
