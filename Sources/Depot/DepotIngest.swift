import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// Receives one signed document pushed by a station and archives it, or refuses it with the
/// reason; nothing is stored when it is refused (a refused fork or broken link is recorded as a
/// finding, which is the point of witnessing). In order:
///
/// 1. sizes (`DocumentLimits`), and which station the document says signed it;
/// 2. the station: enrolled and active, else unauthenticated or forbidden;
/// 3. the signature, against that station's pinned certificate only, and the signer's
///    fingerprint equal to the pin; then the schema and the document rules (`DocumentVerifier`
///    with the `.records` registry: wipe certificates and disposal records);
/// 4. the ID: the same bytes again are `already-stored`; different bytes under a stored ID are a
///    forked chain (finding, conflict);
/// 5. the chain: `previous_sha256` must be the SHA-256 of the predecessor the depot holds, and
///    a successor the depot holds must name this document's SHA-256 (finding, conflict); a
///    predecessor the depot lacks is a gap, accepted and listed in the receipt until filled;
/// 6. `DepotArchive.archive(_:indexing:asset:)`: the bytes, their index entry and the asset the
///    document names when the register lacks it (built as the station's `RecordIndexer` builds
///    them, `IndexableDocument`), in one transaction.
public struct DepotIngest: Sendable {
    public let archive: any DepotArchive
    public let now: @Sendable () -> Date

    public init(archive: any DepotArchive, now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive
        self.now = now
    }

    /// The name under which an archived document is indexed (the index's `path`).
    public static func archivePath(_ id: String) -> String { "depot-archive:" + id }

    public func receive(document: [UInt8], signature: [UInt8]) async throws -> DocumentReceipt {
        guard document.count <= DocumentLimits.maxDocumentBytes else {
            throw DepotRejection(.tooLarge, code: "document-too-large",
                                 "the document has \(document.count) bytes, over the \(DocumentLimits.maxDocumentBytes)-byte limit",
                                 remedy: "a signed document is at most 1 MiB; check what is being sent")
        }
        guard signature.count <= DocumentLimits.maxSignatureBytes else {
            throw DepotRejection(.tooLarge, code: "signature-too-large",
                                 "the signature has \(signature.count) bytes, over the \(DocumentLimits.maxSignatureBytes)-byte limit",
                                 remedy: "send the detached CMS signature (.p7s) the station made")
        }
        // What the document claims, before anything in it is believed: the station chooses the
        // certificate the signature must verify against; the ID and sequence only let the
        // station's row and the chain around the document be read in the same query.
        let claims = try Self.claims(document)
        let stationName = claims.station
        let context = try await archive.ingestContext(station: stationName, id: claims.id ?? "", sequence: claims.sequence ?? 0)
        let pin = try StationPin.active(context.station, named: stationName)

        let verdict = DocumentVerifier(trust: pin.trust, registry: .records).verify(document: document, signature: signature, name: "document")
        if let failure = verdict.signatureFailure { throw StationPin.rejection(failure, station: stationName) }
        try pin.requirePinned(signer: verdict.signerFingerprintSHA256)
        guard verdict.isValid else {
            throw DepotRejection(.invalid, code: "invalid-document",
                                 "the document breaks \(verdict.problems.count) rule(s): \(verdict.problems.prefix(5).joined(separator: "; "))",
                                 remedy: "check it with `expunge verify`; the depot keeps only documents that verify")
        }
        guard let id = verdict.documentID, let sequence = verdict.sequence, let type = verdict.documentType, let sha256 = verdict.sha256,
              let indexable = verdict.decoded.flatMap({ IndexableDocument.make($0.value, sha256: sha256, path: Self.archivePath(id)) })
                ?? IndexableDocument.decode(document, path: Self.archivePath(id)) else {
            throw DepotRejection(.invalid, code: "unsupported-document",
                                 "the depot archives wipe certificates and disposal records; this document is neither",
                                 remedy: "push only the station ledger's documents")
        }
        guard sequence >= 1, id == LedgerPosition.documentID(station: stationName, sequence: sequence) else {
            throw DepotRejection(.invalid, code: "invalid-document",
                                 "the document ID \(id) is not station \(stationName)'s ID for sequence \(sequence)",
                                 remedy: "push the ledger's documents unchanged")
        }
        let kind: ArchivedDocument.Kind = type == WipeCertificate.documentType ? .wipeCertificate : .disposalRecord
        let at = Timestamp.rfc3339(now())

        // The chain as read with the station; read again only if the verified ID or sequence is
        // not what the claims said (the same bytes, so only a parser disagreement could do that).
        let neighbours = claims.id == id && claims.sequence == sequence ? context.neighbours
            : try await archive.chainNeighbours(id: id, station: stationName, sequence: sequence)
        if let stored = neighbours.sameID {
            guard stored.sha256 == sha256 else { throw try await forked(id: id, station: stationName, sequence: sequence, existing: stored.sha256, at: at) }
            return try await receipt(.alreadyStored, id: id, type: type, station: stationName, sequence: sequence, sha256: sha256,
                                     previous: verdict.previousSHA256)
        }
        try await checkLinks(neighbours, station: stationName, id: id, sequence: sequence, sha256: sha256, previous: verdict.previousSHA256, at: at)

        let archived = ArchivedDocument(id: id, kind: kind, station: stationName, sequence: sequence, previousSHA256: verdict.previousSHA256,
                                        sha256: sha256, document: document, signature: signature, receivedAt: at)
        let (outcome, missing) = try await archive.archiveReportingGaps(archived, indexing: indexable.indexed, asset: indexable.asset,
                                                                        customer: indexable.customer)
        switch outcome {
        case .stored:
            return receipt(.stored, id: id, type: type, station: stationName, sequence: sequence, sha256: sha256, previous: verdict.previousSHA256,
                           missing: missing)
        case .alreadyStored:
            return receipt(.alreadyStored, id: id, type: type, station: stationName, sequence: sequence, sha256: sha256,
                           previous: verdict.previousSHA256, missing: missing)
        case .conflict(let existing):
            throw try await forked(id: id, station: stationName, sequence: sequence, existing: existing, at: at)
        }
    }

    /// What a pushed document says about itself, read without believing it.
    struct Claims: Decodable {
        struct Station: Decodable { let name: String }
        let station: String
        let id: String?
        let sequence: UInt64?

        enum CodingKeys: String, CodingKey { case station, certificateID = "certificate_id", recordID = "record_id", sequence }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            station = try c.decode(Station.self, forKey: .station).name
            id = (try? c.decodeIfPresent(String.self, forKey: .certificateID)) ?? (try? c.decodeIfPresent(String.self, forKey: .recordID)) ?? nil
            sequence = try? c.decodeIfPresent(UInt64.self, forKey: .sequence)
        }
    }

    /// The station the document names (`station.name`), its ID and sequence, before anything in
    /// it is believed.
    static func claims(_ document: [UInt8]) throws -> Claims {
        let claims: Claims
        do {
            claims = try JSONDecoder().decode(Claims.self, from: Data(document))
        } catch DecodingError.dataCorrupted {
            throw DepotRejection(.invalid, code: "invalid-document", "the document is not a JSON object",
                                 remedy: "send the document's exact bytes, base64-encoded")
        } catch {
            throw noStation()
        }
        guard StationConfiguration.isValidStationName(claims.station) else { throw noStation() }
        return claims
    }

    static func noStation() -> DepotRejection {
        DepotRejection(.invalid, code: "invalid-document", "the document names no valid station (station.name)",
                       remedy: "push documents signed by an enrolled station")
    }

    /// The station the document names (`station.name`), before anything in it is believed: it
    /// only chooses the certificate the signature must verify against.
    static func claimedStation(_ document: [UInt8]) throws -> String { try claims(document).station }

    /// The chain around a new document: its predecessor and its successor, when the depot holds them.
    func checkLinks(_ neighbours: ChainNeighbours, station: String, id: String, sequence: UInt64, sha256: String, previous: String?,
                    at: String) async throws {
        if let predecessor = neighbours.predecessor, predecessor.sha256 != previous {
            try await archive.recordFinding(DepotFinding(
                station: station, kind: .chainMismatch, documentID: id, sequence: sequence,
                detail: "\(id) names predecessor SHA-256 \(previous ?? "null"), but the depot holds \(predecessor.id) with SHA-256 \(predecessor.sha256)",
                recordedAt: at))
            throw DepotRejection(.conflict, code: "chain-mismatch",
                                 "\(id) does not link to the document the depot holds at sequence \(sequence - 1)",
                                 remedy: "the station's ledger and the depot disagree; an auditor must compare them (the depot recorded a finding)")
        }
        if sequence == 1, previous != nil {
            throw DepotRejection(.invalid, code: "invalid-document", "\(id) is a station's first document but names a predecessor",
                                 remedy: "push the ledger's documents unchanged")
        }
        if let successor = neighbours.successor, successor.previousSHA256 != sha256 {
            try await archive.recordFinding(DepotFinding(
                station: station, kind: .chainMismatch, documentID: id, sequence: sequence,
                detail: "\(successor.id), held by the depot, names predecessor SHA-256 \(successor.previousSHA256 ?? "null"), not \(sha256) of \(id)",
                recordedAt: at))
            throw DepotRejection(.conflict, code: "chain-mismatch",
                                 "\(id) is not the document that \(successor.id), held by the depot, follows",
                                 remedy: "the station's ledger and the depot disagree; an auditor must compare them (the depot recorded a finding)")
        }
    }

    func forked(id: String, station: String, sequence: UInt64, existing: String, at: String) async throws -> DepotRejection {
        try await archive.recordFinding(DepotFinding(
            station: station, kind: .forkedChain, documentID: id, sequence: sequence,
            detail: "different bytes arrived for \(id): the depot holds SHA-256 \(existing)", recordedAt: at))
        return DepotRejection(.conflict, code: "document-conflict",
                              "the depot already holds a different document \(id) (SHA-256 \(existing))",
                              remedy: "the station's chain forked (a restored or copied ledger?); an auditor must compare them (the depot recorded a finding)")
    }

    func receipt(_ status: DocumentReceipt.Status, id: String, type: String, station: String, sequence: UInt64, sha256: String,
                 previous: String?) async throws -> DocumentReceipt {
        receipt(status, id: id, type: type, station: station, sequence: sequence, sha256: sha256, previous: previous,
                missing: try await archive.missingSequences(station: station))
    }

    func receipt(_ status: DocumentReceipt.Status, id: String, type: String, station: String, sequence: UInt64, sha256: String,
                 previous: String?, missing runs: [ClosedRange<UInt64>]) -> DocumentReceipt {
        // The document itself is held, so its predecessor is held unless a missing run covers it.
        let missing = runs.map(SequenceRange.init)
        let chain: DocumentReceipt.Chain
        if previous == nil { chain = .first } else { chain = missing.contains { $0.from <= sequence - 1 && sequence - 1 <= $0.to } ? .gap : .linked }
        return DocumentReceipt(status: status, documentID: id, documentType: type, station: station, sequence: sequence, sha256: sha256,
                               chain: chain, missing: missing)
    }
}
