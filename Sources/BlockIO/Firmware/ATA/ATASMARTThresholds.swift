/// The SMART thresholds returned by SMART READ THRESHOLDS (SFF-8035i, 512 bytes): a revision
/// word, 30 twelve-byte entries from byte 2 (ID, threshold, 10 reserved), checksum byte 511.
public struct ATASMARTThresholds: Hashable, Sendable {
    public static let length = 512
    /// Threshold by attribute ID (entries with ID 0 are unused).
    public var thresholds: [UInt8: UInt8]
    public var checksumValid: Bool

    public init(_ b: [UInt8]) throws(HealthLogDecodingError) {
        try HealthLogDecodingError.require(b, Self.length, "ATA SMART thresholds")
        var t: [UInt8: UInt8] = [:]
        for e in ATASMARTData.entries(b) where e[0] != 0 { t[e[0]] = e[1] }
        thresholds = t
        checksumValid = b[0..<512].reduce(UInt8(0), &+) == 0
    }
}
