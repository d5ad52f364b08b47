import Evidence
import Foundation
import Records
import StorageModel

/// A signed document that verified — signature, signer chain, schema and rules — with the facts
/// the rendering prints about it. The only way to get one is through `load` or `check`, which
/// refuse anything that does not verify: a PDF is never rendered from an unverified document.
public struct VerifiedDocument: Sendable {
    /// The path or name it was read under.
    public let name: String
    /// The signed bytes (the file's bytes).
    public let bytes: [UInt8]
    /// SHA-256 of `bytes`, lower-case hex.
    public let sha256: String
    /// The signer certificate's subject and the SHA-256 of its DER.
    public let signer: String
    public let signerFingerprint: String
    public let documentType: String

    /// Reads and verifies `path` (`X.json` with `X.p7s` beside it).
    public static func load(path: String, verifier: DocumentVerifier) throws(ExpungeError) -> VerifiedDocument {
        let verdict = verifier.verifyDocument(at: path)
        guard verdict.isValid else { throw refusal(verdict, name: path) }
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: DocumentLimits.maxDocumentBytes) {
        case .success(let b): bytes = b
        case .failure(let f): throw ExpungeError(.badInput, code: "document-not-read", "\(shown(path)) could not be read: \(f)", remedy: "check the path")
        }
        // The file must still be the bytes that verified (it is read twice).
        guard SHA256Digest.hex(bytes) == verdict.sha256 else {
            throw ExpungeError(.badInput, code: "document-changed", "\(shown(path)) changed while it was read", remedy: "retry once nothing writes to it")
        }
        return try make(verdict, bytes: bytes, name: path)
    }

    /// Verifies a document given as bytes with its detached signature.
    public static func check(document: [UInt8], signature: [UInt8], name: String, verifier: DocumentVerifier) throws(ExpungeError) -> VerifiedDocument {
        let verdict = verifier.verify(document: document, signature: signature, name: name)
        guard verdict.isValid else { throw refusal(verdict, name: name) }
        return try make(verdict, bytes: document, name: name)
    }

    /// A document already verified by the caller (the depot verifies against a station's pinned
    /// certificate): refused unless `verdict` is valid and is the verdict on `bytes`.
    public static func verified(_ verdict: DocumentVerdict, bytes: [UInt8], name: String) throws(ExpungeError) -> VerifiedDocument {
        guard verdict.isValid, verdict.sha256 == SHA256Digest.hex(bytes) else { throw refusal(verdict, name: name) }
        return try make(verdict, bytes: bytes, name: name)
    }

    private static func make(_ verdict: DocumentVerdict, bytes: [UInt8], name: String) throws(ExpungeError) -> VerifiedDocument {
        guard let sha = verdict.sha256, let signer = verdict.signer, let fingerprint = verdict.signerFingerprintSHA256,
              let type = verdict.documentType else {
            throw refusal(verdict, name: name)
        }
        return VerifiedDocument(name: name, bytes: bytes, sha256: sha, signer: signer, signerFingerprint: fingerprint, documentType: type)
    }

    static func refusal(_ verdict: DocumentVerdict, name: String) -> ExpungeError {
        let problems = verdict.problems.isEmpty ? "it did not verify" : verdict.problems.joined(separator: "; ")
        return ExpungeError(.badInput, code: "document-not-verified",
                            "\(shown(name)) does not verify, so it is not rendered: \(problems)",
                            remedy: "run `expunge verify \(shown(name))` to see why; only documents that verify against the trust anchors are rendered")
    }

    static func shown(_ name: String) -> String { DisplayString.sanitize(name) ?? "?" }

    /// The wipe certificate, decoded from the verified bytes.
    public func certificate() throws(ExpungeError) -> WipeCertificate {
        guard documentType == WipeCertificate.documentType,
              let c = try? JSONDecoder().decode(WipeCertificate.self, from: Data(bytes)) else {
            throw ExpungeError(.badInput, code: "not-a-certificate", "\(Self.shown(name)) is a \(documentType), not a wipe certificate",
                               remedy: "give wipe certificate files (document_type wipe-certificate)")
        }
        return c
    }

    /// The disposal record, decoded from the verified bytes.
    public func disposalRecord() throws(ExpungeError) -> DisposalRecord {
        guard documentType == DisposalRecord.documentType,
              let r = try? JSONDecoder().decode(DisposalRecord.self, from: Data(bytes)) else {
            throw ExpungeError(.badInput, code: "not-a-disposal-record", "\(Self.shown(name)) is a \(documentType), not a disposal record",
                               remedy: "the record index names a file that is not a disposal record: run `expunge records rebuild`")
        }
        return r
    }
}
