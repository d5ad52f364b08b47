/// The block cipher in counter mode whose keystream (the encryption of zero bytes) a random
/// overwrite pass writes. The certificate names it by its key fields: `aes_128_ctr_key` /
/// `aes_128_ctr_iv` from schema_version 5, `aes_256_ctr_key` / `aes_256_ctr_iv` before.
///
/// The key is published in the certificate once the pass is written, so the cipher's strength
/// protects nothing afterwards; what a random pass needs is a stream the device cannot predict,
/// compress or deduplicate while it is being written, and that anyone can regenerate to check the
/// medium. AES-128 gives that at about 1.4 times AES-256's speed (10 rounds instead of 14), and the
/// keystream is the dominant CPU cost of a random pass and of its verification.
public enum KeystreamCipher: String, Codable, Sendable, Hashable, CaseIterable {
    /// Written by schema_version 5 and later.
    case aes128CTR = "aes-128-ctr"
    /// Written by schema_versions 1 to 4.
    case aes256CTR = "aes-256-ctr"

    /// The cipher new passes use.
    public static let current = KeystreamCipher.aes128CTR

    /// Key length in bytes.
    public var keyLength: Int {
        switch self {
        case .aes128CTR: 16
        case .aes256CTR: 32
        }
    }

    /// The initial counter block's length in bytes (one AES block).
    public var ivLength: Int { 16 }

    /// As people write it: `AES-128-CTR`.
    public var displayName: String { rawValue.uppercased() }

    /// The `openssl enc` cipher option that regenerates the stream: `-aes-128-ctr`.
    public var opensslOption: String { "-" + rawValue }
}
