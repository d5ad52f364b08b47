import CLibCrypto
import Foundation
import StorageModel

/// An X.509 certificate (OpenSSL `X509`), owned.
public final class X509Certificate: @unchecked Sendable {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { X509_free(handle) }

    /// Parses every certificate in a PEM bundle, in order.
    public static func loadAll(pem: [UInt8]) -> [X509Certificate] {
        let bio = MemoryBIO(bytes: pem)
        var out: [X509Certificate] = []
        while let x = PEM_read_bio_X509(bio.handle, nil, nil, nil) { out.append(X509Certificate(owning: x)) }
        _ = OpenSSLError.drainErrorQueue()  // the end of the bundle leaves a "no start line" error
        return out
    }

    public static func load(pem: [UInt8]) -> X509Certificate? { loadAll(pem: pem).first }

    public static func load(der: [UInt8]) -> X509Certificate? {
        der.withUnsafeBufferPointer { b -> X509Certificate? in
            var p: UnsafePointer<UInt8>? = b.baseAddress
            guard let x = d2i_X509(nil, &p, b.count) else { return nil }
            return X509Certificate(owning: x)
        }
    }

    /// A new reference to the same certificate (for APIs that take ownership).
    func retained() -> OpaquePointer {
        X509_up_ref(handle)
        return handle
    }

    public var pem: [UInt8] {
        let bio = MemoryBIO()
        PEM_write_bio_X509(bio.handle, handle)
        return bio.bytes
    }

    public var der: [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_X509(handle, &out)
        guard n > 0, let out else { return [] }
        defer { expunge_openssl_free(out) }
        return [UInt8](UnsafeBufferPointer(start: out, count: Int(n)))
    }

    /// SHA-256 of the DER encoding, lower-case hex (as `openssl x509 -fingerprint -sha256`, without colons).
    public var fingerprintSHA256: String { SHA256Digest.hex(der) }

    /// The subject as a one-line RFC 2253 string (`CN=DEPOT-1,O=Acme ITAD`).
    public var subject: String { Self.nameString(X509_get_subject_name(handle)) }
    public var issuer: String { Self.nameString(X509_get_issuer_name(handle)) }

    /// The subject's commonName.
    public var commonName: String? { Self.entry(X509_get_subject_name(handle), nid: NID_commonName) }
    public var organization: String? { Self.entry(X509_get_subject_name(handle), nid: NID_organizationName) }

    public var notBefore: Date? { Self.date(X509_get0_notBefore(handle)) }
    public var notAfter: Date? { Self.date(X509_get0_notAfter(handle)) }

    public var isSelfSigned: Bool { X509_check_issued(handle, handle) == X509_V_OK }

    public var serialHex: String {
        guard let bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(handle), nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { expunge_openssl_free(hex) }
        return String(cString: hex).lowercased()
    }

    /// Whether this certificate certifies `key`'s public key.
    public func certifies(_ key: StationKey) -> Bool {
        X509_check_private_key(handle, key.handle) == 1
    }

    static func nameString(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        let bio = MemoryBIO()
        X509_NAME_print_ex(bio.handle, name, 0, expunge_xn_flag_rfc2253())
        return String(decoding: bio.bytes, as: UTF8.self)
    }

    static func entry(_ name: OpaquePointer?, nid: Int32) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let e = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(e) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let n = ASN1_STRING_to_UTF8(&utf8, data)
        guard n >= 0, let utf8 else { return nil }
        defer { expunge_openssl_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(n)), as: UTF8.self)
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var t = tm()
        guard ASN1_TIME_to_tm(time, &t) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
    }
}
