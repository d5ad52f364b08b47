import CLibCrypto
import Foundation
import StorageModel

/// SHA-256 through OpenSSL's EVP interface.
public enum SHA256Digest {
    public static func hash<Bytes: ContiguousBytes>(_ data: Bytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        data.withUnsafeBytes { input in
            _ = out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(input.baseAddress, input.count, o.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        return out
    }

    public static func hex<Bytes: ContiguousBytes>(_ data: Bytes) -> String { hexString(hash(data)) }

    /// SHA-256 of a file, streamed (for the tool's own binary).
    public static func hexOfFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { _ = EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }
        }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(ctx, $0.baseAddress, &length) }
        return hexString(out)
    }

    static func hexString(_ bytes: [UInt8]) -> String { bytes.hexString }
}
