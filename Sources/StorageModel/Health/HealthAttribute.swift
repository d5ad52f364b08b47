/// One ATA SMART attribute as the drive reported it (SMART READ DATA, with the threshold from
/// SMART READ THRESHOLDS). The raw bytes are kept as reported; `rawValue` is the decoding of the
/// common layout for the attribute (named in `rawLayout`), never a guess at a vendor's.
public struct HealthAttribute: Codable, Sendable, Hashable {
    public var id: UInt8
    /// The attribute's common name, or null for an ID without one.
    @NullCoded public var name: String?
    public var flags: UInt16
    /// Flags bit 0: a pre-failure attribute (its threshold predicts failure).
    public var prefailure: Bool
    /// Normalized current and worst values (1–253).
    public var current: UInt8
    public var worst: UInt8
    /// From READ THRESHOLDS; null when the thresholds were not read or list no entry for the ID.
    @NullCoded public var threshold: UInt8?
    /// The six raw bytes, little-endian order as reported, in hex.
    public var raw: String
    /// `raw48`: bytes 0–5 as one little-endian count; `raw32-low`: bytes 0–3 (power-on hours;
    /// bytes 4–5 are vendor-specific); `temperature-low-byte`: byte 0 in °C; `vendor`: no common
    /// layout, so no value is decoded.
    public var rawLayout: String
    @NullCoded public var rawValue: UInt64?
    /// A threshold is set (non-zero) and the current value is at or below it.
    public var failingNow: Bool

    public init(id: UInt8, name: String?, flags: UInt16, current: UInt8, worst: UInt8, threshold: UInt8?, raw: String,
                rawLayout: String, rawValue: UInt64?) {
        self.id = id
        self.name = name
        self.flags = flags
        prefailure = flags & 1 != 0
        self.current = current
        self.worst = worst
        self.threshold = threshold
        self.raw = raw
        self.rawLayout = rawLayout
        self.rawValue = rawValue
        failingNow = threshold.map { $0 != 0 && current <= $0 } ?? false
    }

    enum CodingKeys: String, CodingKey {
        case id, name, flags, prefailure, current, worst, threshold, raw
        case rawLayout = "raw_layout"
        case rawValue = "raw_value"
        case failingNow = "failing_now"
    }
}
