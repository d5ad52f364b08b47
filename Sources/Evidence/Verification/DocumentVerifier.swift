import Dispatch
import Foundation
import StorageModel
import Synchronization

/// Verifies signed documents offline: signature and signer chain, schema and the rules of the
/// document's registered type (`DocumentTypeRegistry`), then, across the set, each station's
/// chain, the recorded ledger heads, the disposal records' claims about the certificates they
/// name, and the audit findings (`CrossDocumentAudit`). Never trusts the file name: sequence and
/// station come from the signed content.
///
/// Bytes are verified as well as paths (`verify(document:signature:)`, for the depot server and
/// the PDF renderer); `report(for:)` puts verdicts made that way together into a report.
public struct DocumentVerifier: Sendable {
    public let trust: TrustStore
    /// The document types recognised; `.core` (wipe certificates) unless told otherwise —
    /// `expunge verify` uses `.expunge` (Reports): certificates, disposal records, manifests.
    public let registry: DocumentTypeRegistry
    /// For a selection of documents (an evidence pack): gaps between sequences are expected and
    /// not reported; links are checked where consecutive documents are both present.
    public let allowGaps: Bool

    public init(trust: TrustStore, registry: DocumentTypeRegistry = .core, allowGaps: Bool = false) {
        self.trust = trust
        self.registry = registry
        self.allowGaps = allowGaps
    }

    /// Verifies files and directories (every `*.json` in a directory, recursively).
    public func verify(paths: [String]) -> VerificationReport {
        let collected = DocumentCollector.collect(paths: paths)
        let verdicts = Mutex([DocumentVerdict?](repeating: nil, count: collected.documents.count))
        let list = collected.documents
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            let v = verifyDocument(at: list[i])
            verdicts.withLock { $0[i] = v }
        }
        return report(for: verdicts.withLock { $0.compactMap { $0 } }, inputProblems: collected.inputProblems, heads: collected.heads)
    }

    /// The report over documents verified one by one: chains, recorded heads (`heads`), the
    /// disposal records' certificate claims, and the audit findings.
    public func report(for documents: [DocumentVerdict], inputProblems: [String] = [], heads: [LedgerHead] = []) -> VerificationReport {
        var report = VerificationReport(documents: documents, chains: ChainCheck.chains(documents, selection: allowGaps), inputProblems: inputProblems)
        LedgerHeadCheck.apply(heads: heads, to: &report)
        CrossDocumentAudit.apply(to: &report)
        return report
    }

    /// One document from its bytes and the bytes of its detached signature. `name` is what the
    /// verdict calls it (its path, or an upload's name).
    public func verify(document: [UInt8], signature: [UInt8], name: String = "document") -> DocumentVerdict {
        check(document, signature: .bytes(signature), name: name)
    }

    /// One document: its bytes, its signature beside it (`X.p7s`; `manifest.json.p7s`), its content.
    public func verifyDocument(at path: String) -> DocumentVerdict {
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: DocumentLimits.maxDocumentBytes) {
        case .success(let b): bytes = b
        case .failure(let f): return DocumentVerdict(path: path, problems: ["document not read: \(f)"])
        }
        let signaturePath = DocumentCollector.signaturePath(for: path)
        let name = (signaturePath as NSString).lastPathComponent
        let signature: SignatureInput
        switch BoundedFile.read(signaturePath, limit: DocumentLimits.maxSignatureBytes) {
        case .success(let sig): signature = .bytes(sig)
        case .failure(.tooLarge(let limit)): signature = .tooLarge(name, limit)
        case .failure: signature = .missing(name)
        }
        return check(bytes, signature: signature, name: path)
    }

    enum SignatureInput {
        case bytes([UInt8])
        case missing(String)
        case tooLarge(String, Int)
    }

    func check(_ bytes: [UInt8], signature: SignatureInput, name: String) -> DocumentVerdict {
        var v = DocumentVerdict(path: name)
        let data = Data(bytes)
        v.sha256 = SHA256Digest.hex(bytes)
        guard let header = DocumentHeader.read(data) else {
            v.problems.append("not a JSON object (truncated or not JSON)")
            return v
        }
        let documentType = header.type
        let type = documentType.flatMap { registry[$0] }
        v.documentType = documentType
        v.documentID = type.flatMap { header.id(key: $0.idKey) } ?? header.certificateID ?? header.recordID
        v.station = header.station
        v.sequence = header.sequence
        v.result = header.result
        v.previousSHA256 = header.previousSHA256
        v.issuedAt = (header.issuedAt ?? header.generatedAt).flatMap(Timestamp.parse)
        v.attemptID = header.attemptID

        // Signature first: nothing in an unsigned or altered document is believed.
        switch signature {
        case .tooLarge(let file, let limit):
            v.problems.append("signature \(file) is larger than the \(BoundedFile.describe(limit)) maximum")
        case .missing(let file):
            v.problems.append("no signature (\(file) missing)")
        case .bytes(let sig):
            switch CMSSignature.verify(bytes, signature: sig, trust: trust, at: v.issuedAt ?? Date()) {
            case .success(let signer):
                v.signer = signer.subject
                v.signerFingerprintSHA256 = signer.fingerprintSHA256
                v.signatureVerified = true
                if let station = v.station, signer.commonName != station {
                    v.problems.append("signed by \(signer.commonName ?? "?"), not by station \(station)")
                }
            case .failure(let f):
                v.signatureFailure = f
                v.problems.append(f.description)
            }
        }

        guard let documentType else {
            v.problems.append("schema: document_type is missing")
            return v
        }
        guard let type else {
            v.problems.append("unknown document_type \"\(documentType)\"")
            return v
        }
        let version = header.schemaVersion
        guard let version, type.schemaVersions.contains(version) else {
            v.problems.append(version.map { "unsupported schema_version \($0)" } ?? "schema: missing schema_version")
            return v
        }
        let checked = type.check(data)
        v.problems += checked.problems
        v.facts = checked.facts
        v.decoded = checked.decoded
        return v
    }
}
