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

    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The .p7s is not DER CMS at all.
        case malformed
        /// The signature does not match the content (the content or the signature was altered).
        case contentMismatch(String)
        /// The signer certificate does not chain to a trust anchor, or was not valid at the time.
        case untrustedSigner(String)
        case other(String)

        public var description: String {
            switch self {
            case .malformed: "the signature file is not the canonical DER CMS SignedData structure the signer produced (malformed or altered)"
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
        // Only the exact DER the signer produced is accepted: OpenSSL parses some non-canonical
        // encodings leniently, and a signature file that can be altered without failing is not
        // tamper-evident. Re-encode and compare byte for byte.
        let reencoded = MemoryBIO()
        guard i2d_CMS_bio(reencoded.handle, cms) == 1, reencoded.bytes == signature else {
            _ = OpenSSLError.drainErrorQueue()
            return .failure(.malformed)
        }
        if let problem = SignedDataShape.problem(signature) {
            return .failure(.other("the signature file was altered: \(problem)"))
        }
        guard let type = CMS_get0_eContentType(cms), OBJ_obj2nid(type) == NID_pkcs7_data else {
            return .failure(.other("the signed content type is not id-data"))
        }
        // The algorithms must be the ones Expunge signs with; OpenSSL derives them from the key and
        // would otherwise accept an altered (unsigned) algorithm identifier.
        guard let infos = CMS_get0_SignerInfos(cms), OPENSSL_sk_num(infos) == 1,
              let si = OPENSSL_sk_value(infos, 0) else {
            return .failure(.other("expected exactly one signer"))
        }
        var digestAlg: UnsafeMutablePointer<X509_ALGOR>?
        var signatureAlg: UnsafeMutablePointer<X509_ALGOR>?
        CMS_SignerInfo_get0_algs(OpaquePointer(si), nil, nil, &digestAlg, &signatureAlg)
        guard Self.nid(digestAlg) == NID_sha256, Self.nid(signatureAlg) == NID_ecdsa_with_SHA256 else {
            return .failure(.other("the signature does not use ECDSA with SHA-256"))
        }
        let data = MemoryBIO(bytes: content)
        if CMS_verify(cms, nil, store, data.handle, nil, expunge_cms_verify_flags()) != 1 {
            let detail = OpenSSLError.drainErrorQueue()
            if detail.contains("content verify error") || detail.contains("digest failure") || detail.contains("signature failure") {
                return .failure(.contentMismatch(detail))
            }
            if detail.contains("certificate verify error") {
                return .failure(.untrustedSigner(Self.chainError(cms, store: store) ?? detail))
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

    /// Why the signer certificate does not chain to the store (`X509_verify_cert`'s reason).
    static func chainError(_ cms: OpaquePointer, store: OpaquePointer) -> String? {
        guard let certs = CMS_get1_certs(cms) else { return nil }
        defer { expunge_sk_x509_pop_free(certs) }
        guard expunge_sk_x509_num(certs) > 0, let leaf = expunge_sk_x509_value(certs, 0), let ctx = X509_STORE_CTX_new() else { return nil }
        defer { X509_STORE_CTX_free(ctx) }
        guard X509_STORE_CTX_init(ctx, store, leaf, certs) == 1 else { return nil }
        if X509_verify_cert(ctx) == 1 { return nil }
        let code = X509_STORE_CTX_get_error(ctx)
        let subject = X509Certificate.nameString(X509_get_subject_name(leaf))
        return "\(subject): \(String(cString: X509_verify_cert_error_string(Int(code))))"
    }

    static func nid(_ algorithm: UnsafeMutablePointer<X509_ALGOR>?) -> Int32 {
        guard let algorithm else { return NID_undef }
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        return object.map { OBJ_obj2nid($0) } ?? NID_undef
    }

    /// Verifies with `trust`, checking certificate validity at `time`.
    public static func verify(_ content: [UInt8], signature: [UInt8], trust: TrustStore, at time: Date) -> Result<Signer, Failure> {
        let store = trust.makeStore(at: time)
        defer { X509_STORE_free(store) }
        return verify(content, signature: signature, store: store)
    }
}
