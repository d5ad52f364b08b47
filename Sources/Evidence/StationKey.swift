import CLibCrypto
import Foundation
import StorageModel

/// The station's ECDSA P-256 signing key (OpenSSL `EVP_PKEY`), owned.
public final class StationKey: @unchecked Sendable {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }
    deinit { EVP_PKEY_free(handle) }

    /// A fresh P-256 key from OpenSSL's CSPRNG.
    public static func generate() throws(OpenSSLError) -> StationKey {
        guard let k = expunge_ec_p256_generate() else { throw OpenSSLError("generating an EC P-256 key") }
        return StationKey(owning: k)
    }

    /// Parses a PEM private key (PKCS#8 or traditional EC).
    public static func load(pem: [UInt8]) -> StationKey? {
        let bio = MemoryBIO(bytes: pem)
        guard let k = PEM_read_bio_PrivateKey(bio.handle, nil, nil, nil) else { return nil }
        return StationKey(owning: k)
    }

    /// PKCS#8 PEM, unencrypted: the file's mode (0600, root) protects it.
    public var pem: [UInt8] {
        let bio = MemoryBIO()
        PEM_write_bio_PrivateKey(bio.handle, handle, nil, nil, 0, nil, nil)
        return bio.bytes
    }

    /// Whether this is an EC key on P-256 (the only kind Expunge signs with).
    public var isP256: Bool {
        guard EVP_PKEY_get_base_id(handle) == EVP_PKEY_EC else { return false }
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(handle, &name, name.count, &length) == 1 else { return false }
        let group = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return group == "prime256v1" || group == "P-256"
    }
}
