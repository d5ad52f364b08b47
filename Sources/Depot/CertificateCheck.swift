import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// The public verification of one document the depot holds (`/verify/{id}`, the target of a
/// certificate's QR code): is it genuine, and is it the file the visitor holds? Every check is
/// made again on each request — the signature against the certificate pinned for the station at
/// enrollment, the schema and rules, the chain links the depot holds — not read from a flag set
/// when it arrived.
public struct CertificateCheck: Sendable {
    public let archive: any DepotArchive
    /// The depot's record store, for the disposal of the certificate's asset; nil: not shown.
    public let store: (any RecordStore)?

    public init(archive: any DepotArchive, store: (any RecordStore)?) {
        self.archive = archive
        self.store = store
    }

    /// What the page says about `id`.
    public struct Result: Sendable {
        public enum Verdict: String, Sendable {
            /// Signature, signer, rules and (when given) the visitor's SHA-256 all hold.
            case genuine
            /// The depot holds the ID, but something does not hold: never shown as genuine.
            case notGenuine = "not-genuine"
            /// The depot holds no document with this ID.
            case unknown
        }

        /// One line of the checklist: passed, failed, or not applicable (nil).
        public struct Check: Sendable, Hashable {
            public var name: String
            public var passed: Bool?
            public var detail: String
        }

        public var id: String
        public var verdict: Verdict
        public var checks: [Check]
        /// The archived document (nil when unknown).
        public var document: ArchivedDocument?
        /// The decoded certificate, when the document is a wipe certificate that verified.
        public var certificate: WipeCertificate?
        /// The document's verdict (signer subject and fingerprint), when it verified.
        public var documentVerdict: DocumentVerdict?
        /// The asset's current disposal records (latest first), when a store is attached.
        public var disposals: [DisposalIndexEntry]
    }

    public func check(id: String, heldSHA256: String?) async throws -> Result {
        guard let document = try await archive.document(id: id) else {
            return Result(id: id, verdict: .unknown, checks: [], document: nil, certificate: nil, documentVerdict: nil, disposals: [])
        }
        var checks: [Result.Check] = []
        let station = try await archive.station(named: document.station)

        // The signer: the certificate pinned for the station at enrollment.
        var verdict: DocumentVerdict?
        if let station, let pem = station.certificatePEM, let pinned = X509Certificate.load(pem: Array(pem.utf8)),
           let fingerprint = station.certificateSHA256, pinned.fingerprintSHA256 == fingerprint {
            let v = DocumentVerifier(trust: TrustStore(pinning: pinned), registry: .records)
                .verify(document: document.document, signature: document.signature, name: id)
            let signedByPin = v.signatureFailure == nil && v.signerFingerprintSHA256 == fingerprint
            checks.append(.init(name: "Signature", passed: signedByPin,
                                detail: signedByPin ? "made with the certificate station \(station.name) enrolled with (SHA-256 \(fingerprint))"
                                    : "does not verify against the certificate station \(station.name) enrolled with"
                                        + (v.signatureFailure.map { ": \($0.description)" } ?? "")))
            let rules = v.problems.filter { _ in signedByPin }
            checks.append(.init(name: "Schema and rules", passed: signedByPin ? rules.isEmpty : nil,
                                detail: !signedByPin ? "not checked: the signature does not verify"
                                    : rules.isEmpty ? "the document follows its schema and the certificate rules"
                                    : rules.prefix(5).joined(separator: "; ")))
            verdict = v
        } else {
            checks.append(.init(name: "Signature", passed: false, detail: "the depot holds no usable enrolled certificate for station \(document.station)"))
        }

        // The station's standing.
        switch station?.state {
        case .active?:
            checks.append(.init(name: "Station", passed: true, detail: "\(document.station) is enrolled at this depot and active"))
        case .revoked?:
            checks.append(.init(name: "Station", passed: nil,
                                detail: "\(document.station) was revoked on \(station?.revokedAt ?? "an unrecorded date"); this document was received on \(document.receivedAt), while it was enrolled"))
        default:
            checks.append(.init(name: "Station", passed: false, detail: "\(document.station) is not enrolled at this depot"))
        }

        // The chain around it, as the depot holds it.
        var chain = "number \(document.sequence) in station \(document.station)'s chain"
        var linked: Bool? = nil
        if document.sequence > 1 {
            if let predecessor = try await archive.document(station: document.station, sequence: document.sequence - 1) {
                linked = predecessor.sha256 == document.previousSHA256
                chain += linked == true ? "; it links to the depot's copy of \(predecessor.id)" : "; it does NOT link to the depot's copy of \(predecessor.id)"
            } else {
                chain += "; the depot does not hold its predecessor yet"
            }
        } else {
            linked = document.previousSHA256 == nil
            chain += linked == true ? " (the first)" : " (the first, yet it names a predecessor)"
        }
        if let successor = try await archive.document(station: document.station, sequence: document.sequence + 1) {
            let ok = successor.previousSHA256 == document.sha256
            linked = (linked ?? true) && ok
            chain += ok ? "; \(successor.id) follows it" : "; \(successor.id) does NOT follow it"
        }
        if let head = try await archive.latestHead(station: document.station) {
            chain += "; station head last witnessed at number \(head.sequence) on \(head.witnessedAt)"
        }
        checks.append(.init(name: "Chain", passed: linked, detail: chain))

        // The file the visitor holds.
        if let held = heldSHA256?.lowercased() {
            let same = held == document.sha256
            checks.append(.init(name: "Your copy", passed: same,
                                detail: same ? "its SHA-256 (from the QR code or link) is the SHA-256 of the document the depot holds"
                                    : "the SHA-256 you hold (\(held)) is NOT the SHA-256 of the document the depot holds (\(document.sha256)): your copy is not this certificate"))
        }

        let failed = checks.contains { $0.passed == false }
        var certificate: WipeCertificate?
        if !failed, document.kind == .wipeCertificate {
            certificate = try? JSONDecoder().decode(WipeCertificate.self, from: Data(document.document))
        }
        var disposals: [DisposalIndexEntry] = []
        if let certificate, let store {
            disposals = AssetLifecycle.current(try await store.disposals(assetID: certificate.assetID)).sorted { $0.disposedOn > $1.disposedOn }
        }
        return Result(id: id, verdict: failed ? .notGenuine : .genuine, checks: checks, document: document, certificate: certificate,
                      documentVerdict: failed ? nil : verdict, disposals: disposals)
    }
}
