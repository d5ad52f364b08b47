/// What verification did and found.
public struct VerificationRecord: Codable, Sendable, Hashable {
    public var mode: VerificationMode
    /// The mode asked for, when it differs from `mode` (a device too small to sample is read in full).
    public var requestedMode: VerificationMode?
    /// Seed of the sample positions (SplitMix64), for `sample`.
    public var seed: UInt64?
    /// How sample positions are derived from the seed; see Certificates/README.md.
    public var samplingAlgorithm: String?
    public var subsections: Int?
    public var samples: Int?
    /// The pattern compared against: the last pass's.
    public var expectedPattern: String?
    public var bytesCompared: ByteCount
    /// bytesCompared / capacity.
    public var coverage: Double
    public var mismatchedBlocks: UInt64
    /// Device offsets of the first mismatching logical blocks (at most 32).
    public var firstMismatchOffsets: [UInt64]
    public var unreadableRanges: [ByteRange]
    public var completed: Bool
    /// Where the reads came from; nil when nothing was read or it is not known.
    public var readPath: ReadPath?
    public var startedAt: String?
    public var endedAt: String?
    /// Time spent reading and comparing, in seconds (millisecond precision).
    public var durationSeconds: Double?

    public init(mode: VerificationMode, requestedMode: VerificationMode? = nil, seed: UInt64? = nil, samplingAlgorithm: String? = nil,
                subsections: Int? = nil, samples: Int? = nil, expectedPattern: String? = nil, bytesCompared: ByteCount = .zero,
                coverage: Double = 0, mismatchedBlocks: UInt64 = 0, firstMismatchOffsets: [UInt64] = [], unreadableRanges: [ByteRange] = [],
                completed: Bool = false, readPath: ReadPath? = nil, startedAt: String? = nil, endedAt: String? = nil,
                durationSeconds: Double? = nil) {
        self.mode = mode
        self.readPath = readPath
        self.requestedMode = requestedMode
        self.seed = seed
        self.samplingAlgorithm = samplingAlgorithm
        self.subsections = subsections
        self.samples = samples
        self.expectedPattern = expectedPattern
        self.bytesCompared = bytesCompared
        self.coverage = coverage
        self.mismatchedBlocks = mismatchedBlocks
        self.firstMismatchOffsets = firstMismatchOffsets
        self.unreadableRanges = unreadableRanges
        self.completed = completed
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
    }

    /// Verification ran to the end and found every compared byte as expected.
    public var isClean: Bool { mode != .none && completed && mismatchedBlocks == 0 && unreadableRanges.isEmpty }

    enum CodingKeys: String, CodingKey {
        case mode
        case requestedMode = "requested_mode"
        case seed
        case samplingAlgorithm = "sampling_algorithm"
        case subsections, samples
        case expectedPattern = "expected_pattern"
        case bytesCompared = "bytes_compared"
        case coverage
        case mismatchedBlocks = "mismatched_blocks"
        case firstMismatchOffsets = "first_mismatch_offsets"
        case unreadableRanges = "unreadable_ranges"
        case completed
        case readPath = "read_path"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case durationSeconds = "duration_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode, forKey: .mode)
        try c.encode(requestedMode, forKey: .requestedMode)
        // The seed is a string: JSON numbers lose precision above 2^53 in many readers.
        try c.encode(seed.map { String($0) }, forKey: .seed)
        try c.encode(samplingAlgorithm, forKey: .samplingAlgorithm)
        try c.encode(subsections, forKey: .subsections)
        try c.encode(samples, forKey: .samples)
        try c.encode(expectedPattern, forKey: .expectedPattern)
        try c.encode(bytesCompared, forKey: .bytesCompared)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(mismatchedBlocks, forKey: .mismatchedBlocks)
        try c.encode(firstMismatchOffsets, forKey: .firstMismatchOffsets)
        try c.encode(unreadableRanges, forKey: .unreadableRanges)
        try c.encode(completed, forKey: .completed)
        try c.encode(readPath, forKey: .readPath)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(endedAt, forKey: .endedAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decode(VerificationMode.self, forKey: .mode)
        requestedMode = try c.decodeIfPresent(VerificationMode.self, forKey: .requestedMode)
        if let s = try c.decodeIfPresent(String.self, forKey: .seed) {
            guard let v = UInt64(s) else { throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "seed is not an unsigned 64-bit integer") }
            seed = v
        } else { seed = nil }
        samplingAlgorithm = try c.decodeIfPresent(String.self, forKey: .samplingAlgorithm)
        subsections = try c.decodeIfPresent(Int.self, forKey: .subsections)
        samples = try c.decodeIfPresent(Int.self, forKey: .samples)
        expectedPattern = try c.decodeIfPresent(String.self, forKey: .expectedPattern)
        bytesCompared = try c.decode(ByteCount.self, forKey: .bytesCompared)
        coverage = try c.decode(Double.self, forKey: .coverage)
        mismatchedBlocks = try c.decode(UInt64.self, forKey: .mismatchedBlocks)
        firstMismatchOffsets = try c.decode([UInt64].self, forKey: .firstMismatchOffsets)
        unreadableRanges = try c.decode([ByteRange].self, forKey: .unreadableRanges)
        completed = try c.decode(Bool.self, forKey: .completed)
        // Absent in certificates issued before read paths were recorded.
        readPath = try c.decodeIfPresent(ReadPath.self, forKey: .readPath)
        startedAt = try c.decodeIfPresent(String.self, forKey: .startedAt)
        endedAt = try c.decodeIfPresent(String.self, forKey: .endedAt)
        durationSeconds = try c.decodeIfPresent(Double.self, forKey: .durationSeconds)
    }
}
