/// The SMART data structure returned by SMART READ DATA (ACS-3 §7.44.2.1, 512 bytes): a revision
/// word, 30 twelve-byte attribute entries from byte 2 (the de facto SFF-8035i layout: ID, flags
/// (2, little-endian), current, worst, raw (6), reserved), offline and self-test status (bytes
/// 362–363), and a checksum byte (511) that makes all 512 bytes sum to 0 modulo 256.
public struct ATASMARTData: Hashable, Sendable {
    public struct Attribute: Hashable, Sendable {
        public var id: UInt8
        public var flags: UInt16
        public var current: UInt8
        public var worst: UInt8
        /// Bytes 5–10 of the entry, as reported.
        public var raw: [UInt8]

        /// Bytes 0–5 as one little-endian number (the common "raw48" layout).
        public var raw48: UInt64 { Bytes.le(raw, 0, 6) }
    }

    public static let length = 512
    public var revision: UInt16
    /// Entries with a non-zero ID, in table order.
    public var attributes: [Attribute]
    public var offlineDataCollectionStatus: UInt8
    public var selfTestExecutionStatus: UInt8
    /// Whether the checksum byte is right. Some drives get it wrong; the data is kept, and the
    /// mismatch is reported by the reader.
    public var checksumValid: Bool

    public init(_ b: [UInt8]) throws(HealthLogDecodingError) {
        try HealthLogDecodingError.require(b, Self.length, "ATA SMART data")
        revision = UInt16(Bytes.le(b, 0, 2))
        attributes = Self.entries(b).compactMap { e in
            e[0] == 0 ? nil : Attribute(id: e[0], flags: UInt16(e[1]) | UInt16(e[2]) << 8, current: e[3], worst: e[4], raw: Array(e[5..<11]))
        }
        offlineDataCollectionStatus = b[362]
        selfTestExecutionStatus = b[363]
        checksumValid = b[0..<512].reduce(UInt8(0), &+) == 0
    }

    static func entries(_ b: [UInt8]) -> [[UInt8]] { (0..<30).map { Array(b[(2 + 12 * $0)..<(14 + 12 * $0)]) } }

    public func attribute(_ id: UInt8) -> Attribute? { attributes.first { $0.id == id } }
}
