import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// The public verification of a document (`/verify`, the target of a certificate's QR code):
/// one the depot holds, looked up by ID, or one a visitor uploads (its `.json` and `.p7s`), which
/// is checked and not stored. Is it genuine, and is it the file the visitor holds? Every check is
/// made on each request, never read from a flag set when the document arrived: the station's
/// pinned certificate and standing, the chain links and head the depot holds now. The signature
/// and rules verdict, a pure function of the bytes and the pin, comes from `VerdictMemory` when
/// the same bytes were verified against the same pin in the last minute.
public struct CertificateCheck: Sendable {
    public let archive: any DepotArchive
    /// The depot's record store, for the disposal of the certificate's asset; nil: not shown.
    public let store: (any RecordStore)?
    public let memory: VerdictMemory

    public init(archive: any DepotArchive, store: (any RecordStore)?, memory: VerdictMemory = VerdictMemory()) {
        self.archive = archive
        self.store = store
        self.memory = memory
    }

    /// What the page says about a document.
    public struct Result: Sendable {
        public enum Verdict: String, Sendable {
            /// Signature, signer, rules and (when given) the visitor's SHA-256 all hold.
            case genuine
            /// Something does not hold: never shown as genuine.
            case notGenuine = "not-genuine"
            /// The depot holds no document with this ID (lookups only).
            case unknown
        }

        /// One line of the checklist: passed, failed, or neither (nil, shown amber).
        public struct Check: Sendable, Hashable {
            public var name: String
            public var passed: Bool?
            public var detail: String
        }

        public var id: String
        public var verdict: Verdict
        public var checks: [Check]
        /// The document's bytes and SHA-256 (nil when unknown).
        public var bytes: [UInt8]?
        public var sha256: String?
        /// When the depot received it; nil for an upload the depot does not hold.
        public var receivedAt: String?
        /// The decoded certificate, when the document is a wipe certificate and genuine.
        public var certificate: WipeCertificate?
        /// The document's verdict (signer subject and fingerprint), when genuine.
        public var documentVerdict: DocumentVerdict?
        /// The asset's current disposal records (latest first), when a store is attached.
        public var disposals: [DisposalIndexEntry]

        static func unknown(_ id: String) -> Result {
            Result(id: id, verdict: .unknown, checks: [], bytes: nil, sha256: nil, receivedAt: nil, certificate: nil, documentVerdict: nil, disposals: [])
        }
    }

    /// A document the depot holds, by ID, with the SHA-256 the visitor holds (from the QR code) if any.
    public func check(id: String, heldSHA256: String?) async throws -> Result {
        guard let document = try await archive.document(id: id) else { return .unknown(id) }
        var (checks, verdict) = try await signature(document.document, document.signature, station: document.station, id: id)
        checks.append(try await chain(document))
        if let held = heldSHA256?.lowercased() {
            let same = held == document.sha256
            checks.append(.init(name: "Your copy", passed: same,
                                detail: same ? "its SHA-256 (from the QR code or link) is the SHA-256 of the document the depot holds"
                                    : "the SHA-256 you hold (\(held)) is NOT the SHA-256 of the document the depot holds (\(document.sha256)): your copy is not this certificate"))
        }
        return try await result(id: id, checks: checks, verdict: verdict, bytes: document.document, sha256: document.sha256, receivedAt: document.receivedAt)
    }

    /// A document and its detached signature uploaded by a visitor: verified against the pin of
    /// the station it names and compared with the depot's copy. Nothing is stored.
    public func check(upload document: [UInt8], signature signatureBytes: [UInt8]) async throws -> Result {
        let sha = SHA256Digest.hex(document)
        guard let stationName = try? DepotIngest.claimedStation(document) else {
            return Result(id: "uploaded document", verdict: .notGenuine,
                          checks: [.init(name: "Document", passed: false, detail: "not a JSON document naming its station (station.name): not an Expunge certificate")],
                          bytes: document, sha256: sha, receivedAt: nil, certificate: nil, documentVerdict: nil, disposals: [])
        }
        let probe = DocumentVerifier(trust: TrustStore(anchors: []), registry: .records).verify(document: document, signature: signatureBytes, name: "upload")
        let id = probe.documentID.flatMap { DisplayString.sanitize($0) } ?? "uploaded document"
        var (checks, verdict) = try await signature(document, signatureBytes, station: stationName, id: id)
        if let held = try await archive.document(id: id) {
            let same = held.sha256 == sha
            checks.append(.init(name: "Depot's copy", passed: same,
                                detail: same ? "the depot holds exactly this document (received \(held.receivedAt))"
                                    : "the depot holds a DIFFERENT document under \(id) (SHA-256 \(held.sha256)); yours has SHA-256 \(sha)"))
        } else {
            checks.append(.init(name: "Depot's copy", passed: nil, detail: "the depot does not hold \(id) (the station may not have pushed it yet)"))
        }
        return try await result(id: id, checks: checks, verdict: verdict, bytes: document, sha256: sha, receivedAt: nil)
    }

    // MARK: Checks

    /// Signature against the station's pinned certificate, then schema and rules, then the
    /// station's standing.
    func signature(_ document: [UInt8], _ signature: [UInt8], station name: String, id: String) async throws -> ([Result.Check], DocumentVerdict?) {
        var checks: [Result.Check] = []
        let station = try await archive.station(named: name)
        var verdict: DocumentVerdict?
        if let station, let pem = station.certificatePEM, let pinned = X509Certificate.load(pem: Array(pem.utf8)),
           let fingerprint = station.certificateSHA256, pinned.fingerprintSHA256 == fingerprint {
            let (v, verifiedAt) = memory.verdict(document: document, signature: signature, pin: fingerprint) {
                DocumentVerifier(trust: TrustStore(pinning: pinned), registry: .records).verify(document: document, signature: signature, name: id)
            }
            let when = " (verified \(Timestamp.rfc3339(verifiedAt)))"
            let signedByPin = v.signatureFailure == nil && v.signerFingerprintSHA256 == fingerprint
            checks.append(.init(name: "Signature", passed: signedByPin,
                                detail: signedByPin ? "made with the certificate station \(station.name) enrolled with (SHA-256 \(fingerprint))" + when
                                    : "does not verify against the certificate station \(station.name) enrolled with"
                                        + (v.signatureFailure.map { ": \($0.description)" } ?? "")))
            checks.append(.init(name: "Schema and rules", passed: signedByPin ? v.problems.isEmpty : nil,
                                detail: !signedByPin ? "not checked: the signature does not verify"
                                    : v.problems.isEmpty ? "the document follows its schema and the certificate rules" + when
                                    : v.problems.prefix(5).joined(separator: "; ")))
            verdict = v
        } else {
            checks.append(.init(name: "Signature", passed: false, detail: "the depot holds no usable enrolled certificate for station \(name)"))
        }
        switch station?.state {
        case .active?:
            checks.append(.init(name: "Station", passed: true, detail: "\(name) is enrolled at this depot and active"))
        case .revoked?:
            checks.append(.init(name: "Station", passed: nil,
                                detail: "\(name) was revoked on \(station?.revokedAt ?? "an unrecorded date"); documents it pushed before remain as received"))
        default:
            checks.append(.init(name: "Station", passed: false, detail: "\(name) is not enrolled at this depot"))
        }
        return (checks, verdict)
    }

    /// The chain around a held document, as the depot holds it.
    func chain(_ document: ArchivedDocument) async throws -> Result.Check {
        var chain = "number \(document.sequence) in station \(document.station)'s chain"
        var linked: Bool?
        // Both neighbours in one read, as their IDs and hashes (never their bytes).
        let neighbours = try await archive.chainNeighbours(id: document.id, station: document.station, sequence: document.sequence)
        if document.sequence > 1 {
            if let predecessor = neighbours.predecessor {
                linked = predecessor.sha256 == document.previousSHA256
                chain += linked == true ? "; it links to the depot's copy of \(predecessor.id)" : "; it does NOT link to the depot's copy of \(predecessor.id)"
            } else {
                chain += "; the depot does not hold its predecessor yet"
            }
        } else {
            linked = document.previousSHA256 == nil
            chain += linked == true ? " (the first)" : " (the first, yet it names a predecessor)"
        }
        if let successor = neighbours.successor {
            let ok = successor.previousSHA256 == document.sha256
            linked = (linked ?? true) && ok
            chain += ok ? "; \(successor.id) follows it" : "; \(successor.id) does NOT follow it"
        }
        if let head = try await archive.latestHead(station: document.station) {
            chain += "; station head last witnessed at number \(head.sequence) on \(head.witnessedAt)"
        }
        return .init(name: "Chain", passed: linked, detail: chain)
    }

    func result(id: String, checks: [Result.Check], verdict: DocumentVerdict?, bytes: [UInt8], sha256: String, receivedAt: String?) async throws -> Result {
        let failed = checks.contains { $0.passed == false } || verdict?.isValid != true
        var certificate: WipeCertificate?
        if !failed, verdict?.documentType == WipeCertificate.documentType {
            certificate = memory.certificate(sha256: sha256) { try? JSONDecoder().decode(WipeCertificate.self, from: Data(bytes)) }
        }
        var disposals: [DisposalIndexEntry] = []
        if let certificate, let store {
            disposals = AssetLifecycle.current(try await store.disposals(assetID: certificate.assetID)).sorted { $0.disposedOn > $1.disposedOn }
        }
        return Result(id: id, verdict: failed ? .notGenuine : .genuine, checks: checks, bytes: bytes, sha256: sha256, receivedAt: receivedAt,
                      certificate: certificate, documentVerdict: failed ? nil : verdict, disposals: disposals)
    }
}
