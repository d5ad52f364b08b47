import Evidence
import Foundation
import StorageModel

/// A one-time enrollment token: `<station>.<43 characters>`, the station's name and 256 random
/// bits (base64url, no padding). The depot stores only its SHA-256; it is shown once, when made.
/// The name in front lets the depot check the presented certificate's common name before the
/// token is spent.
public struct EnrollmentToken: Sendable, Hashable {
    public let text: String

    public init(text: String) { self.text = text }

    /// A new token for `station`, from the system's cryptographic random source.
    public static func generate(station: String) -> EnrollmentToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let random = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return EnrollmentToken(text: station + "." + random)
    }

    /// The station the token was made for, when the token has the right shape.
    public var station: String? {
        guard let dot = text.lastIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 44 else { return nil }
        let name = String(text[..<dot])
        let random = text[text.index(after: dot)...]
        guard StationConfiguration.isValidStationName(name),
              random.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 45 || $0 == 95 })
        else { return nil }
        return name
    }

    /// What the depot stores: SHA-256 of the token's UTF-8, lowercase hex.
    public var sha256: String { SHA256Digest.hex(Array(text.utf8)) }
}
