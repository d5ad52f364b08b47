import CLibCrypto
import Foundation
import StorageModel

/// Makes the station's X.509 material: a self-signed station certificate, or a certificate
/// signing request for the organisation's CA. Subject: `CN=<station>, O=<organisation>`.
/// Extensions: `basicConstraints=critical,CA:FALSE`, `keyUsage=critical,digitalSignature,nonRepudiation`,
/// `subjectKeyIdentifier`. No extended key usage, so stock `openssl cms -verify` accepts it.
public enum StationCertificateFactory {
    public static func selfSigned(key: StationKey, station: String, organization: String, validFor days: Int,
                                  notBefore: Date = Date()) throws(OpenSSLError) -> X509Certificate {
        guard let x = X509_new() else { throw OpenSSLError("X509_new") }
        let cert = X509Certificate(owning: x)
        X509_set_version(x, 2)
        var serial = [UInt8](repeating: 0, count: 16)
        _ = serial.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, 16) }
        serial[0] &= 0x7F
        let bn = serial.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, 16, nil) }
        BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x))
        BN_free(bn)
        var start = time_t(notBefore.timeIntervalSince1970)
        X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &start)
        X509_time_adj_ex(X509_getm_notAfter(x), Int32(days), 0, &start)
        guard X509_set_pubkey(x, key.handle) == 1 else { throw OpenSSLError("X509_set_pubkey") }
        let name = X509_get_subject_name(x)
        try addNameEntries(name, station: station, organization: organization)
        X509_set_issuer_name(x, name)
        var ctx = X509V3_CTX()
        expunge_x509v3_ctx_nodb(&ctx)
        X509V3_set_ctx(&ctx, x, x, nil, nil, 0)
        for (nid, value) in [(NID_basic_constraints, "critical,CA:FALSE"),
                             (NID_key_usage, "critical,digitalSignature,nonRepudiation"),
                             (NID_subject_key_identifier, "hash")] {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else { throw OpenSSLError("X509 extension \(value)") }
            X509_add_ext(x, ext, -1)
            X509_EXTENSION_free(ext)
        }
        guard X509_sign(x, key.handle, EVP_sha256()) > 0 else { throw OpenSSLError("X509_sign") }
        return cert
    }

    /// A PKCS#10 request, PEM, for the organisation's CA to sign.
    public static func signingRequest(key: StationKey, station: String, organization: String) throws(OpenSSLError) -> [UInt8] {
        guard let req = X509_REQ_new() else { throw OpenSSLError("X509_REQ_new") }
        defer { X509_REQ_free(req) }
        X509_REQ_set_version(req, 0)
        guard let name = X509_NAME_new() else { throw OpenSSLError("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        try addNameEntries(name, station: station, organization: organization)
        X509_REQ_set_subject_name(req, name)
        X509_REQ_set_pubkey(req, key.handle)
        guard X509_REQ_sign(req, key.handle, EVP_sha256()) > 0 else { throw OpenSSLError("X509_REQ_sign") }
        let bio = MemoryBIO()
        PEM_write_bio_X509_REQ(bio.handle, req)
        return bio.bytes
    }

    static func addNameEntries(_ name: OpaquePointer?, station: String, organization: String) throws(OpenSSLError) {
        for (field, value) in [("O", organization), ("CN", station)] {
            let ok = Array(value.utf8).withUnsafeBufferPointer {
                X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, $0.baseAddress, Int32($0.count), -1, 0)
            }
            guard ok == 1 else { throw OpenSSLError("subject \(field)=\(value)") }
        }
    }
}
