/// One overwrite pass as it was carried out.
public struct PassRecord: Codable, Sendable, Hashable {
    public var index: Int
    /// `zero`, `one`, `0xNN` or `random`.
    public var pattern: String
    /// The cipher whose keystream a `random` pass wrote; it also decides the names of the key
    /// fields (`aes_128_ctr_key` from schema_version 5, `aes_256_ctr_key` before), which every
    /// pass carries, `null` when the pattern is not random.
    public var cipher: KeystreamCipher
    /// For `random`: the key (hex) that regenerates the stream. Not secret: it protects nothing
    /// once the pass is written, and lets anyone re-verify the medium.
    public var aesKey: String?
    /// For `random`: the initial counter block (hex).
    public var aesIV: String?
    public var bytesWritten: ByteCount
    public var completed: Bool
    public var flushed: Bool
    public var startedAt: String
    @NullCoded public var endedAt: String?
    /// Time spent writing and flushing the pass, in seconds (millisecond precision).
    @NullCoded public var durationSeconds: Double?
    public var unwritableRanges: [ByteRange]

    public init(index: Int, pattern: String, cipher: KeystreamCipher = .current, aesKey: String? = nil, aesIV: String? = nil,
                bytesWritten: ByteCount = .zero,
                completed: Bool = false, flushed: Bool = false, startedAt: String, endedAt: String? = nil,
                durationSeconds: Double? = nil, unwritableRanges: [ByteRange] = []) {
        self.index = index
        self.pattern = pattern
        self.cipher = cipher
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
        case aes128Key = "aes_128_ctr_key"
        case aes128IV = "aes_128_ctr_iv"
        case aes256Key = "aes_256_ctr_key"
        case aes256IV = "aes_256_ctr_iv"
        case bytesWritten = "bytes_written"
        case completed, flushed
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case durationSeconds = "duration_seconds"
        case unwritableRanges = "unwritable_ranges"
    }

    /// The key fields that name `cipher`.
    static func keyFields(_ cipher: KeystreamCipher) -> (key: CodingKeys, iv: CodingKeys) {
        switch cipher {
        case .aes128CTR: (.aes128Key, .aes128IV)
        case .aes256CTR: (.aes256Key, .aes256IV)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        pattern = try c.decode(String.self, forKey: .pattern)
        // The fields present name the cipher; a document with neither (not a valid certificate)
        // decodes as the older one, and the verifier's rules report the missing key.
        cipher = c.contains(.aes128Key) ? .aes128CTR : .aes256CTR
        let fields = Self.keyFields(cipher)
        aesKey = try c.decodeIfPresent(String.self, forKey: fields.key)
        aesIV = try c.decodeIfPresent(String.self, forKey: fields.iv)
        bytesWritten = try c.decode(ByteCount.self, forKey: .bytesWritten)
        completed = try c.decode(Bool.self, forKey: .completed)
        flushed = try c.decode(Bool.self, forKey: .flushed)
        startedAt = try c.decode(String.self, forKey: .startedAt)
        _endedAt = try c.decode(NullCoded<String>.self, forKey: .endedAt)
        _durationSeconds = try c.decode(NullCoded<Double>.self, forKey: .durationSeconds)
        unwritableRanges = try c.decode([ByteRange].self, forKey: .unwritableRanges)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(pattern, forKey: .pattern)
        let fields = Self.keyFields(cipher)
        if let aesKey { try c.encode(aesKey, forKey: fields.key) } else { try c.encodeNil(forKey: fields.key) }
        if let aesIV { try c.encode(aesIV, forKey: fields.iv) } else { try c.encodeNil(forKey: fields.iv) }
        try c.encode(bytesWritten, forKey: .bytesWritten)
        try c.encode(completed, forKey: .completed)
        try c.encode(flushed, forKey: .flushed)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(_endedAt, forKey: .endedAt)
        try c.encode(_durationSeconds, forKey: .durationSeconds)
        try c.encode(unwritableRanges, forKey: .unwritableRanges)
    }
}
