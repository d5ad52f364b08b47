import CLibCrypto
import Glibc
import StorageModel

/// The AES-CTR keystream (OpenSSL EVP) that random passes write: the encryption of zeros under a
/// per-pass key and initial counter block, AES-128 for new passes (`KeystreamCipher.current`),
/// AES-256 as certificates before schema_version 5 recorded. The byte at stream offset `n` is the
/// same whoever computes it, so verification regenerates it, and so can anyone with `openssl enc
/// -aes-128-ctr -K <key> -iv <iv>` over zeros.
///
/// Not Sendable: one instance per thread (an `EVP_CIPHER_CTX` is not thread-safe).
public final class AESCTRKeystream {
    public let cipher: KeystreamCipher
    public let key: [UInt8]
    public let iv: [UInt8]
    private let context: OpaquePointer
    private let evpCipher: OpaquePointer
    private let zeros: ZeroSource
    /// Where `matches` regenerates the stream, a piece at a time: small enough to stay in the
    /// core's L2 cache between being written and being compared.
    private let scratch: UnsafeMutableRawPointer
    static let scratchCount = 64 * 1024

    public init(cipher: KeystreamCipher = .current, key: [UInt8], iv: [UInt8]) {
        precondition(key.count == cipher.keyLength && iv.count == cipher.ivLength, "a \(cipher.rawValue) key and counter block")
        self.cipher = cipher
        self.key = key
        self.iv = iv
        context = EVP_CIPHER_CTX_new()
        switch cipher {
        case .aes128CTR: evpCipher = EVP_aes_128_ctr()
        case .aes256CTR: evpCipher = EVP_aes_256_ctr()
        }
        zeros = ZeroSource.shared
        precondition(zeros.count >= Self.scratchCount)
        scratch = UnsafeMutableRawPointer.allocate(byteCount: Self.scratchCount, alignment: 64)
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        scratch.deallocate()
    }

    /// Fills `buffer` with the keystream starting at `streamOffset` (a multiple of 16).
    public func fill(_ buffer: UnsafeMutableRawBufferPointer, streamOffset: UInt64) {
        start(at: streamOffset)
        var done = 0
        while done < buffer.count {
            let n = min(buffer.count - done, zeros.count)
            let out = (buffer.baseAddress! + done).assumingMemoryBound(to: UInt8.self)
            update(out, from: zeros.pointer, count: n)
            done += n
        }
    }

    /// XORs the keystream starting at `streamOffset` (a multiple of 16) into `buffer`, in place
    /// (CTR encryption of the buffer). Over data that is the keystream the result is all zeros:
    /// verification checks a read this way without a second buffer.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, streamOffset: UInt64) {
        start(at: streamOffset)
        var done = 0
        while done < buffer.count {
            let n = min(buffer.count - done, 1 << 30)
            let p = (buffer.baseAddress! + done).assumingMemoryBound(to: UInt8.self)
            update(p, from: UnsafePointer(p), count: n)
            done += n
        }
    }

    /// Whether `data` is the keystream starting at `streamOffset` (a multiple of 16). The stream
    /// is regenerated 64 KiB at a time into a scratch block that stays in cache and compared with
    /// `memcmp`, so the data is read once from memory and never written; the first piece that
    /// differs ends the check.
    public func matches(_ data: UnsafeRawBufferPointer, streamOffset: UInt64) -> Bool {
        guard let base = data.baseAddress, data.count > 0 else { return true }
        start(at: streamOffset)
        let out = scratch.assumingMemoryBound(to: UInt8.self)
        var done = 0
        while done < data.count {
            let n = min(data.count - done, Self.scratchCount)
            update(out, from: zeros.pointer, count: n)
            if memcmp(out, base + done, n) != 0 { return false }
            done += n
        }
        return true
    }

    private func start(at streamOffset: UInt64) {
        precondition(streamOffset % 16 == 0, "keystream offsets are 16-byte aligned")
        var counter = Self.counterBlock(iv: iv, advancedBy: streamOffset / 16)
        let ok = key.withUnsafeBufferPointer { k in
            counter.withUnsafeMutableBufferPointer { c in
                EVP_EncryptInit_ex(context, evpCipher, nil, k.baseAddress, c.baseAddress)
            }
        }
        precondition(ok == 1, "EVP_EncryptInit_ex(\(cipher.rawValue)) failed")
    }

    private func update(_ out: UnsafeMutablePointer<UInt8>, from input: UnsafePointer<UInt8>, count n: Int) {
        var produced: Int32 = 0
        let r = EVP_EncryptUpdate(context, out, &produced, input, Int32(n))
        precondition(r == 1 && Int(produced) == n, "EVP_EncryptUpdate failed")
    }

    /// The 128-bit big-endian counter block `iv + blocks` (CTR mode increments the whole block).
    static func counterBlock(iv: [UInt8], advancedBy blocks: UInt64) -> [UInt8] {
        var out = iv
        var carry = blocks
        var i = 15
        while carry > 0 && i >= 0 {
            let sum = UInt64(out[i]) + (carry & 0xFF)
            out[i] = UInt8(sum & 0xFF)
            carry = (carry >> 8) + (sum >> 8)
            i -= 1
        }
        return out
    }
}

/// A read-only block of zeros that the keystream encrypts. Shared by all threads: nothing ever
/// writes to it after initialisation.
final class ZeroSource: Sendable {
    static let shared = ZeroSource(count: 1 << 20)
    let count: Int
    nonisolated(unsafe) let pointer: UnsafeMutablePointer<UInt8>

    init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }
}

/// Cryptographically secure random bytes (OpenSSL `RAND_bytes`, seeded by the kernel).
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "RAND_bytes failed")
        return out
    }

    public static func uint64() -> UInt64 {
        bytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
