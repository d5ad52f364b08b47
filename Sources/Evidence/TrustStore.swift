import CLibCrypto
import Foundation
import StorageModel

/// The trust anchors an auditor verifies against: a PEM bundle of CA (or self-signed station)
/// certificates.
public struct TrustStore: Sendable {
    public let anchors: [X509Certificate]
    /// Whether an anchor is trusted as itself, issuer or not (a pinned station certificate).
    public let pinned: Bool

    public init(anchors: [X509Certificate]) {
        self.anchors = anchors
        pinned = false
    }

    /// Trusts exactly `certificate` (the depot's pin of an enrolled station): a signature
    /// verifies when its signer is this certificate, whether it is self-signed or issued by a
    /// CA the verifier does not hold. Callers still compare the signer's fingerprint with the
    /// pin (`DocumentVerdict.signerFingerprintSHA256`), so a certificate issued *by* the pinned
    /// one is not taken for it.
    public init(pinning certificate: X509Certificate) {
        anchors = [certificate]
        pinned = true
    }

    public init(pemFile path: String) throws(ExpungeError) {
        let shown = DisplayString.sanitize(path) ?? "?"
        let data: [UInt8]
        switch BoundedFile.read(path, limit: DocumentLimits.maxTrustAnchorBytes) {
        case .success(let bytes): data = bytes
        case .failure(let f):
            throw ExpungeError(.badInput, "cannot read trust anchors from \(shown): \(f)", remedy: "pass a readable PEM file with --trust")
        }
        let certs = X509Certificate.loadAll(pem: data)
        guard !certs.isEmpty else {
            throw ExpungeError(.badInput, "\(shown) contains no PEM certificate", remedy: "pass the CA certificate (PEM) that issued the station certificates")
        }
        anchors = certs
        pinned = false
    }

    /// An OpenSSL store holding the anchors, checking validity at `time`. One per thread.
    func makeStore(at time: Date) -> OpaquePointer {
        let store = X509_STORE_new()!
        for a in anchors { X509_STORE_add_cert(store, a.handle) }
        let param = X509_STORE_get0_param(store)
        if pinned { X509_VERIFY_PARAM_set_flags(param, UInt(X509_V_FLAG_PARTIAL_CHAIN)) }
        X509_VERIFY_PARAM_set_time(param, time_t(time.timeIntervalSince1970))
        X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY)
        return store
    }
}
