/// A health log or page that cannot be decoded: shorter than its structure, or not the structure
/// asked for. Decoders throw it instead of reading past the end or guessing.
public enum HealthLogDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `structure` needs `needed` bytes and only `got` arrived.
    case truncated(structure: String, needed: Int, got: Int)
    /// The bytes are not the structure asked for (wrong page code, impossible length…).
    case malformed(structure: String, detail: String)

    public var description: String {
        switch self {
        case .truncated(let s, let needed, let got): "\(s): truncated (\(got) bytes, \(needed) needed)"
        case .malformed(let s, let detail): "\(s): malformed (\(detail))"
        }
    }

    static func require(_ bytes: [UInt8], _ needed: Int, _ structure: String) throws(HealthLogDecodingError) {
        if bytes.count < needed { throw .truncated(structure: structure, needed: needed, got: bytes.count) }
    }
}

/// Little- and big-endian integer reads over a byte array, bounds already checked by the caller.
enum Bytes {
    static func le(_ b: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
        (0..<n).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
    }

    static func le128(_ b: [UInt8], _ at: Int) -> UInt128 {
        UInt128(le(b, at + 8, 8)) << 64 | UInt128(le(b, at, 8))
    }

    static func be(_ b: ArraySlice<UInt8>) -> UInt64 { b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
}
