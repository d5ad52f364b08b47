/// How an attempt sanitizes: host overwrite (Clear) or one of the drive's firmware commands
/// (Purge). Encoded as its word: `overwrite` or the firmware technique's `--technique` word.
public enum SanitizationTechnique: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    case overwrite
    case firmware(PurgeTechnique)

    public init?(rawValue: String) {
        if rawValue == "overwrite" {
            self = .overwrite
        } else if let t = PurgeTechnique(rawValue: rawValue) {
            self = .firmware(t)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .overwrite: "overwrite"
        case .firmware(let t): t.rawValue
        }
    }

    public var description: String { rawValue }

    /// The NIST method the technique applies.
    public var method: SanitizationMethod {
        switch self {
        case .overwrite: .overwrite
        case .firmware(let t): t.method
        }
    }

    /// The firmware technique, nil for host overwrite.
    public var firmware: PurgeTechnique? {
        if case .firmware(let t) = self { return t }
        return nil
    }
}
