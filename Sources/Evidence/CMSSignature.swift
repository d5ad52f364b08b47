import CLibCrypto
import Foundation
import StorageModel

/// Detached CMS SignedData (RFC 5652), DER, over the exact bytes of a document: ECDSA P-256 with
/// SHA-256, the signer certificate (and any chain) included. Verifiable with stock OpenSSL:
/// `openssl cms -verify -binary -inform DER -in X.p7s -content X.json -CAfile trust.pem -purpose any`.
public enum CMSSignature {
    /// Signs `content`; returns the DER `.p7s`.
    public static func sign(_ content: [UInt8], key: StationKey, certificate: X509Certificate,
                            chain: [X509Certificate] = []) throws(OpenSSLError) -> [UInt8] {
        let data = MemoryBIO(bytes: content)
        let extra = expunge_sk_x509_new_null()
        defer { expunge_sk_x509_pop_free(extra) }
        for c in chain { _ = expunge_sk_x509_push(extra, c.retained()) }
        guard let cms = CMS_sign(certificate.handle, key.handle, extra, data.handle, expunge_cms_sign_flags()) else {
            throw OpenSSLError("CMS_sign")
        }
        defer { CMS_ContentInfo_free(cms) }
        let out = MemoryBIO()
        guard i2d_CMS_bio(out.handle, cms) == 1 else { throw OpenSSLError("i2d_CMS_bio") }
        return out.bytes
    }

    /// The signer of a verified signature.
    public struct Signer: Sendable, Hashable {
        public var subject: String
        public var commonName: String?
        public var fingerprintSHA256: String
        public var notBefore: Date?
        public var notAfter: Date?
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The .p7s is not DER CMS at all.
        case malformed
        /// The signature does not match the content (the content or the signature was altered).
        case contentMismatch(String)
        /// The signer certificate does not chain to a trust anchor, or was not valid at the time.
        case untrustedSigner(String)
        case other(String)

        public var description: String {
            switch self {
            case .malformed: "the signature file is not a DER CMS SignedData structure"
            case .contentMismatch(let d): "signature does not match the document (altered content or swapped signature): \(d)"
            case .untrustedSigner(let d): "signer is not trusted: \(d)"
            case .other(let d): d
            }
        }
    }

    /// Verifies `signature` over `content`, the signer chaining to `store`'s anchors at the time
    /// the store was made for.
    static func verify(_ content: [UInt8], signature: [UInt8], store: OpaquePointer) -> Result<Signer, Failure> {
        let sigBIO = MemoryBIO(bytes: signature)
        guard let cms = d2i_CMS_bio(sigBIO.handle, nil) else {
            _ = OpenSSLError.drainErrorQueue()
            return .failure(.malformed)
        }
        defer { CMS_ContentInfo_free(cms) }
        let data = MemoryBIO(bytes: content)
        if CMS_verify(cms, nil, store, data.handle, nil, expunge_cms_verify_flags()) != 1 {
            let detail = OpenSSLError.drainErrorQueue()
            if detail.contains("certificate verify error") || detail.contains("verify error") {
                return .failure(.untrustedSigner(detail))
            }
            if detail.contains("digest failure") || detail.contains("signature failure") || detail.contains("content verify error") {
                return .failure(.contentMismatch(detail))
            }
            return .failure(.other(detail.isEmpty ? "CMS verification failed" : detail))
        }
        guard let signers = CMS_get0_signers(cms), expunge_sk_x509_num(signers) > 0,
              let first = expunge_sk_x509_value(signers, 0) else {
            return .failure(.other("no signer certificate in the signature"))
        }
        defer { expunge_sk_x509_free(signers) }
        X509_up_ref(first)
        let cert = X509Certificate(owning: first)
        return .success(Signer(subject: cert.subject, commonName: cert.commonName, fingerprintSHA256: cert.fingerprintSHA256,
                               notBefore: cert.notBefore, notAfter: cert.notAfter))
    }

    /// Verifies with `trust`, checking certificate validity at `time`.
    public static func verify(_ content: [UInt8], signature: [UInt8], trust: TrustStore, at time: Date) -> Result<Signer, Failure> {
        let store = trust.makeStore(at: time)
        defer { X509_STORE_free(store) }
        return verify(content, signature: signature, store: store)
    }
}
