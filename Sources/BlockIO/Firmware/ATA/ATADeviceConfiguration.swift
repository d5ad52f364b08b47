/// DEVICE CONFIGURATION IDENTIFY data (ATA/ATAPI-6..ACS-2, B1h feature C2h): 256 little-endian
/// words. Words 3–5 hold the maximum LBA the drive could be configured to (its real capacity
/// before a Device Configuration Overlay); word 255 is the integrity word (signature A5h in bits
/// 7:0, checksum in 15:8 so that all 512 bytes sum to 0 modulo 256).
public struct ATADeviceConfiguration: Hashable, Sendable {
    public let words: [UInt16]

    /// nil unless 512 bytes with a valid integrity word.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 512, bytes[510] == 0xA5, bytes[0..<512].reduce(UInt8(0), { $0 &+ $1 }) == 0 else { return nil }
        words = (0..<256).map { UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8 }
    }

    /// The maximum LBA with the overlay removed (words 3–5, 48 bits).
    public var maximumLBA: UInt64 { (3...5).reversed().reduce(0) { $0 << 16 | UInt64(words[$1]) } }

    /// 512 bytes of DCO IDENTIFY data with the given maximum LBA and a valid integrity word (tests).
    public static func data(maximumLBA: UInt64) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 0x02
        for i in 0..<3 { b[6 + 2 * i] = UInt8((maximumLBA >> (16 * UInt64(i))) & 0xFF); b[7 + 2 * i] = UInt8((maximumLBA >> (16 * UInt64(i) + 8)) & 0xFF) }
        b[510] = 0xA5
        b[511] = 0 &- b[0..<511].reduce(UInt8(0), { $0 &+ $1 })
        return b
    }
}
