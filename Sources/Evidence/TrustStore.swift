import CLibCrypto
import Foundation
import StorageModel

/// The trust anchors an auditor verifies against: a PEM bundle of CA (or self-signed station)
/// certificates.
public struct TrustStore: Sendable {
    public let anchors: [X509Certificate]

    public init(anchors: [X509Certificate]) { self.anchors = anchors }

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
    }

    /// An OpenSSL store holding the anchors, checking validity at `time`. One per thread.
    func makeStore(at time: Date) -> OpaquePointer {
        let store = X509_STORE_new()!
        for a in anchors { X509_STORE_add_cert(store, a.handle) }
        let param = X509_STORE_get0_param(store)
        X509_VERIFY_PARAM_set_time(param, time_t(time.timeIntervalSince1970))
        X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY)
        return store
    }
}
