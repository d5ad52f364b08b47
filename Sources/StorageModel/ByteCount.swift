/// A number of bytes. Sizes, offsets and lengths in Expunge are `ByteCount`s, never bare integers.
///
/// Encodes to JSON as a plain integer (`"size_bytes": 1073741824`).
public struct ByteCount: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var bytes: UInt64

    public init(_ bytes: UInt64) { self.bytes = bytes }
    public init(_ bytes: Int) {
        precondition(bytes >= 0, "ByteCount cannot be negative")
        self.bytes = UInt64(bytes)
    }

    public static let zero = ByteCount(UInt64(0))
    public static func kibibytes(_ n: UInt64) -> ByteCount { ByteCount(n << 10) }
    public static func mebibytes(_ n: UInt64) -> ByteCount { ByteCount(n << 20) }
    public static func gibibytes(_ n: UInt64) -> ByteCount { ByteCount(n << 30) }

    /// The value as `Int`, for APIs that take one (buffer sizes, `pread` counts).
    public var int: Int { Int(bytes) }

    public static func < (a: ByteCount, b: ByteCount) -> Bool { a.bytes < b.bytes }
    public static func + (a: ByteCount, b: ByteCount) -> ByteCount { ByteCount(a.bytes + b.bytes) }
    public static func - (a: ByteCount, b: ByteCount) -> ByteCount { ByteCount(a.bytes - b.bytes) }
    public static func * (a: ByteCount, n: UInt64) -> ByteCount { ByteCount(a.bytes * n) }
    public static func / (a: ByteCount, n: UInt64) -> ByteCount { ByteCount(a.bytes / n) }
    public static func += (a: inout ByteCount, b: ByteCount) { a.bytes += b.bytes }
    public static func -= (a: inout ByteCount, b: ByteCount) { a.bytes -= b.bytes }

    /// Whether this is a whole multiple of `unit`.
    public func isMultiple(of unit: ByteCount) -> Bool { unit.bytes != 0 && bytes % unit.bytes == 0 }
    /// Rounded down to a multiple of `unit`.
    public func roundedDown(to unit: ByteCount) -> ByteCount { ByteCount(bytes - bytes % unit.bytes) }

    public init(from decoder: any Decoder) throws {
        bytes = try decoder.singleValueContainer().decode(UInt64.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(bytes)
    }

    /// Decimal units, as drive labels use them ("500.1 GB").
    public var decimalDescription: String { Self.format(Double(bytes), base: 1000, units: ["B", "kB", "MB", "GB", "TB", "PB"]) }
    /// Binary units, as the kernel uses them ("465.8 GiB").
    public var binaryDescription: String { Self.format(Double(bytes), base: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]) }
    public var description: String { binaryDescription }

    private static func format(_ value: Double, base: Double, units: [String]) -> String {
        var v = value
        var i = 0
        while v >= base && i < units.count - 1 { v /= base; i += 1 }
        if i == 0 { return "\(Int(v)) \(units[0])" }
        let rounded = (v * 10).rounded() / 10
        return "\(rounded) \(units[i])"
    }
}
