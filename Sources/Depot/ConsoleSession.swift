import CLibCrypto
import Foundation
import Records

/// A signed-in user's session: the cookie's random token, who it is, the token every form of the
/// session must carry (CSRF), and its times.
public struct ConsoleSession: Sendable, Hashable {
    /// 256 random bits, hex: the `expunge_session` cookie.
    public let token: String
    public let user: String
    public let role: DepotUser.Role
    /// 256 random bits, hex: the hidden `csrf` field of every form.
    public let csrfToken: String
    /// SHA-256 of the user's stored password hash when the session opened (`SignInDesk.liveSession`).
    public let credential: String
    public let createdAt: Date
    public var lastSeen: Date

    public func may(_ action: ConsoleAction) -> Bool { action.allowed(for: role) }

    /// Whether a form's token is this session's CSRF token (compared in constant time).
    public func carries(csrf presented: String?) -> Bool { Self.same(presented, csrfToken) }

    /// Constant-time comparison of a presented token with the expected one (`CRYPTO_memcmp`).
    public static func same(_ presented: String?, _ expected: String) -> Bool {
        guard let presented, presented.utf8.count == expected.utf8.count, !expected.isEmpty else { return false }
        return Array(presented.utf8).withUnsafeBytes { a in
            Array(expected.utf8).withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
        }
    }

    /// 32 bytes from the system's cryptographic random source, as 64 hex digits.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
