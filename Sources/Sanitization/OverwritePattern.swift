import StorageModel

/// What one overwrite pass writes.
public enum OverwritePattern: Hashable, Sendable, CustomStringConvertible {
    /// The same byte everywhere (`zero` = 0x00, `one` = 0xFF).
    case constant(UInt8)
    /// A pseudo-random stream: AES-128-CTR over zeros, keyed per pass (AES-256-CTR before certificate schema_version 5).
    case random

    public static let zero = OverwritePattern.constant(0x00)
    public static let one = OverwritePattern.constant(0xFF)

    /// Parses the command-line forms `zero`, `one`, `random`, `0xNN`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "zero", "zeros", "0x00": self = .zero
        case "one", "ones", "0xff": self = .one
        case "random": self = .random
        default:
            let s = argument.lowercased()
            guard s.hasPrefix("0x"), s.count == 4, let v = UInt8(s.dropFirst(2), radix: 16) else { return nil }
            self = .constant(v)
        }
    }

    /// The word on certificates: `zero`, `one`, `random` or `0xNN`.
    public var description: String {
        switch self {
        case .random: return "random"
        case .constant(0x00): return "zero"
        case .constant(0xFF): return "one"
        case .constant(let b): return "0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }

    /// The bitwise complement, for schemes that write a pattern and then its complement.
    public var complement: OverwritePattern {
        switch self {
        case .constant(let b): return .constant(~b)
        case .random: return .random
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
