/// One overwrite pass as it was carried out.
public struct PassRecord: Codable, Sendable, Hashable {
    public var index: Int
    /// `zero`, `one`, `0xNN` or `random`.
    public var pattern: String
    /// For `random`: the AES-256-CTR key (hex) that regenerates the stream. Not secret: it
    /// protects nothing once the pass is written, and lets anyone re-verify the medium.
    @NullCoded public var aesKey: String?
    /// For `random`: the initial counter block (hex).
    @NullCoded public var aesIV: String?
    public var bytesWritten: ByteCount
    public var completed: Bool
    public var flushed: Bool
    public var startedAt: String
    @NullCoded public var endedAt: String?
    /// Time spent writing and flushing the pass, in seconds (millisecond precision).
    @NullCoded public var durationSeconds: Double?
    public var unwritableRanges: [ByteRange]

    public init(index: Int, pattern: String, aesKey: String? = nil, aesIV: String? = nil, bytesWritten: ByteCount = .zero,
                completed: Bool = false, flushed: Bool = false, startedAt: String, endedAt: String? = nil,
                durationSeconds: Double? = nil, unwritableRanges: [ByteRange] = []) {
        self.index = index
        self.pattern = pattern
        self.aesKey = aesKey
        self.aesIV = aesIV
        self.bytesWritten = bytesWritten
        self.completed = completed
        self.flushed = flushed
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.unwritableRanges = unwritableRanges
    }

    enum CodingKeys: String, CodingKey {
        case index, pattern
        case aesKey = "aes_256_ctr_key"
        case aesIV = "aes_256_ctr_iv"
        case bytesWritten = "bytes_written"
        case completed, flushed
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case durationSeconds = "duration_seconds"
        case unwritableRanges = "unwritable_ranges"
    }
}
