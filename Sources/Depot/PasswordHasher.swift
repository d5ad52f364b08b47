import CLibCrypto
import Foundation
import StorageModel

/// Password hashes for the depot's users: scrypt (RFC 7914) through OpenSSL's `EVP_PBE_scrypt`,
/// a 16-byte random salt, a 32-byte key, stored in a self-describing string that carries its
/// parameters: `$scrypt$ln=17,r=8,p=1$<salt>$<key>` (salt and key base64 without padding), so
/// the cost can be raised later without invalidating stored hashes. N = 2^17, r = 8, p = 1 costs
/// 128 MiB and a fraction of a second per check (the OWASP minimum for scrypt).
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N.
    public let logN: Int
    public let r: Int
    public let p: Int

    public init(logN: Int = 17, r: Int = 8, p: Int = 1) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// The shortest password accepted.
    public static let minimumLength = 12

    /// A new salted hash of `password`.
    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = try Self.scrypt(password, salt: salt, logN: logN, r: r, p: p)
        return "$scrypt$ln=\(logN),r=\(r),p=\(p)$\(Self.base64(salt))$\(Self.base64(key))"
    }

    /// Whether `password` matches `stored` (compared in constant time). False for a string that
    /// is not a hash this type writes.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return false }
        var parameters: [String: Int] = [:]
        for item in parts[2].split(separator: ",") {
            let kv = item.split(separator: "=")
            guard kv.count == 2, let v = Int(kv[1]) else { return false }
            parameters[String(kv[0])] = v
        }
        guard let logN = parameters["ln"], let r = parameters["r"], let p = parameters["p"], (1...22).contains(logN), (1...32).contains(r),
              (1...16).contains(p), let salt = unbase64(String(parts[3])), let expected = unbase64(String(parts[4])), expected.count == 32,
              let key = try? scrypt(password, salt: salt, logN: logN, r: r, p: p) else { return false }
        return key.withUnsafeBytes { a in expected.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, 32) == 0 } }
    }

    static func scrypt(_ password: String, salt: [UInt8], logN: Int, r: Int, p: Int) throws -> [UInt8] {
        var key = [UInt8](repeating: 0, count: 32)
        let n = UInt64(1) << UInt64(logN)
        // scrypt needs 128·r·N bytes (plus 128·r·p); allow twice that.
        let maxMemory = 2 * 128 * UInt64(r) * (n + UInt64(p))
        let password = Array(password.utf8)
        let ok = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                key.withUnsafeMutableBufferPointer { k in
                    pw.withMemoryRebound(to: CChar.self) { pwc in
                        EVP_PBE_scrypt(pwc.baseAddress, pw.count, s.baseAddress, s.count, n, UInt64(r), UInt64(p), maxMemory, k.baseAddress, k.count)
                    }
                }
            }
        }
        guard ok == 1 else {
            throw ExpungeError(.failed, code: "password-hash-failed", "scrypt failed (not enough memory for N=2^\(logN), r=\(r)?)",
                               remedy: "free memory on the depot and try again")
        }
        return key
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func unbase64(_ text: String) -> [UInt8]? {
        let padded = text + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map { [UInt8]($0) }
    }
}
