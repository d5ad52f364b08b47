/// One page of the Device Statistics log (ACS-4 §9.5, log address 04h, read with READ LOG EXT):
/// 512 bytes of 64-bit little-endian entries. The first is the header (bytes 1:0 revision, byte 2
/// the page number); each statistic's flags are bits 63 (supported), 62 (valid value), 61
/// (normalized), 60 (supports notification), 59 (monitored condition met), its value bits 55:0.
public struct ATADeviceStatisticsPage: Hashable, Sendable {
    public struct Statistic: Hashable, Sendable {
        public var supported: Bool
        public var valid: Bool
        public var normalized: Bool
        public var conditionMet: Bool
        /// Bits 55:0 as reported.
        public var value: UInt64

        public init(supported: Bool, valid: Bool, normalized: Bool, conditionMet: Bool, value: UInt64) {
            self.supported = supported
            self.valid = valid
            self.normalized = normalized
            self.conditionMet = conditionMet
            self.value = value
        }
    }

    public static let length = 512
    public var revision: UInt16
    public var pageNumber: UInt8
    let bytes: [UInt8]

    /// `expected`: the page asked for; another page number in the header is an error.
    public init(_ b: [UInt8], expected page: UInt8) throws(HealthLogDecodingError) {
        try HealthLogDecodingError.require(b, Self.length, "ATA Device Statistics page \(page)")
        revision = UInt16(Bytes.le(b, 0, 2))
        pageNumber = b[2]
        // Page 00h (the list of supported pages) has the same header.
        guard pageNumber == page else {
            throw .malformed(structure: "ATA Device Statistics page \(page)", detail: "header names page \(pageNumber)")
        }
        bytes = Array(b[0..<Self.length])
    }

    /// The statistic at byte `offset` (a multiple of 8, 8–504); nil when the drive does not
    /// support it (bit 63 clear).
    public func statistic(at offset: Int) -> Statistic? {
        guard offset >= 8, offset + 8 <= Self.length, offset % 8 == 0 else { return nil }
        let q = Bytes.le(bytes, offset, 8)
        guard q & (1 << 63) != 0 else { return nil }
        return Statistic(supported: true, valid: q & (1 << 62) != 0, normalized: q & (1 << 61) != 0, conditionMet: q & (1 << 59) != 0,
                         value: q & 0x00FF_FFFF_FFFF_FFFF)
    }

    /// Page 00h: the page numbers the drive supports (byte 8 the count, the list from byte 9).
    public var supportedPages: [UInt8] {
        guard pageNumber == 0 else { return [] }
        let n = min(Int(bytes[8]), Self.length - 9)
        return Array(bytes[9..<(9 + n)])
    }
}
