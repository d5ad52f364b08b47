import Foundation

/// How a wipe attempt ended. Raw values are the words used on certificates and in JSON.
public enum WipeResult: String, Codable, Sendable, CaseIterable {
    /// Every pass written without error, flushed, verified with no mismatch, identity unchanged.
    case passed
    /// Written without error but not verified (`--verify none`); never called passed.
    case unverified
    /// Something went wrong: write or read errors, a verification mismatch, a changed identity.
    case failed
    /// Stopped on request (SIGINT/SIGTERM) at a chunk boundary.
    case aborted
    /// The process died mid-wipe (crash, power loss); found later in the journal.
    case interrupted
}

/// Why an attempt did not pass, as stable kebab-case codes (several may apply).
public enum FailureReason: String, Codable, Sendable, CaseIterable {
    case writeErrors = "write-errors"
    case readErrors = "read-errors"
    case verificationMismatch = "verification-mismatch"
    case identityChanged = "identity-changed"
    case flushFailed = "flush-failed"
    case deviceGone = "device-gone"
    /// The drive left its bay during the attempt (hot-unplug seen by the station console); the
    /// attempt was stopped.
    case deviceRemoved = "device-removed"
    case ioFailure = "io-failure"
    case abortedBySignal = "aborted-by-signal"
    case processInterrupted = "process-interrupted"
    case notVerified = "not-verified"
    /// The device or its interface does not offer the requested firmware command.
    case notSupported = "not-supported"
    /// The drive rejected or aborted the firmware command.
    case commandRejected = "command-rejected"
    /// The drive's own status (sanitize log, SANITIZE STATUS) reports failure or cannot be read.
    case deviceStatusFailed = "device-status-failed"
    /// Data written before the command (canaries) was still there afterwards.
    case dataUnchanged = "data-unchanged"
    /// Hidden areas (HPA/DCO) keep part of the medium out of reach.
    case hiddenArea = "hidden-area"
    /// The attempt went ahead by consent (`--allow-hidden-areas`) while a hidden area (HPA/DCO)
    /// kept part of the medium out of its reach: that part was not sanitized.
    case hiddenAreaNotSanitized = "hidden-area-not-sanitized"
}

/// One firmware command as it was sent and answered.
public struct FirmwareCommandRecord: Codable, Sendable, Hashable {
    public var name: String
    /// The exact encoding: NVMe opcode and command dwords, or the SCSI/ATA CDB in hex.
    public var encoding: String
    /// The device's answer: NVMe status, SCSI status and sense, ATA status/error registers.
    public var response: String
    public var accepted: Bool
    public var durationSeconds: Double

    public init(name: String, encoding: String, response: String, accepted: Bool, durationSeconds: Double) {
        self.name = name
        self.encoding = encoding
        self.response = response
        self.accepted = accepted
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case name, encoding, response, accepted
        case durationSeconds = "duration_seconds"
    }
}

/// What a firmware (Purge) technique did, for the certificate.
public struct FirmwareRecord: Codable, Sendable, Hashable {
    public var technique: String
    /// NIST method: `block-erase`, `crypto-erase`, `overwrite`, `secure-erase`.
    public var method: String
    public var interface: String
    public var commands: [FirmwareCommandRecord]
    /// Observations of the device's own status (sanitize log, SANITIZE STATUS EXT, REQUEST SENSE).
    public var deviceStatus: [String]
    /// Whether the device's status confirmed completion; nil where the interface has none.
    @NullCoded public var deviceReportedCompletion: Bool?
    /// Capability notes at the time (frozen, HPA, scope of the command).
    public var notes: [String]

    public init(technique: String, method: String, interface: String, commands: [FirmwareCommandRecord] = [], deviceStatus: [String] = [],
                deviceReportedCompletion: Bool? = nil, notes: [String] = []) {
        self.technique = technique
        self.method = method
        self.interface = interface
        self.commands = commands
        self.deviceStatus = deviceStatus
        self.deviceReportedCompletion = deviceReportedCompletion
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case technique, method, interface, commands, notes
        case deviceStatus = "device_status"
        case deviceReportedCompletion = "device_reported_completion"
    }
}

/// The verification modes. `sample` follows NIST SP 800-88 Rev. 1 §4.7 representative sampling.
public enum VerificationMode: String, Codable, Sendable, CaseIterable {
    case full
    case sample
    case none
}

/// Where verification reads came from. An `O_DIRECT` read of a loop device whose backing file is
/// read through the host's page cache (sysfs `loop/dio` 0) is not a read of the medium.
public enum ReadPath: String, Codable, Sendable, CaseIterable {
    /// `O_DIRECT` reads that reach the device (for a loop device: `loop/dio` 1, the backing file
    /// is read with direct I/O too).
    case direct
    /// `O_DIRECT` reads of a loop device that reads its backing file through the page cache.
    case pageCacheBackedLoop = "page-cache-backed-loop"

    /// How the read-back reached the data, in words, for certificates and plans.
    public var explanation: String {
        switch self {
        case .direct: "O_DIRECT, from the device (no page cache)"
        case .pageCacheBackedLoop: "O_DIRECT on a loop device that reads its backing file through the page cache (loop/dio 0): not a direct read of the medium"
        }
    }
}

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

/// An error met during the attempt, for the record.
public struct WipeErrorRecord: Codable, Sendable, Hashable {
    /// `write`, `read`, `flush`, `identity`, `open`, `signal`.
    public var operation: String
    @NullCoded public var range: ByteRange?
    /// The errno symbol (`EIO`, `ENODATA`), when a system call failed.
    @NullCoded public var errno: String?
    public var message: String

    public init(operation: String, range: ByteRange? = nil, errno: String? = nil, message: String) {
        self.operation = operation
        self.range = range
        self.errno = errno
        self.message = message
    }
}

/// Everything a wipe attempt did and found: the input to its certificate.
public struct WipeOutcome: Codable, Sendable, Hashable {
    public var attemptID: UUID
    public var result: WipeResult
    public var reasons: [FailureReason]
    public var level: SanitizationLevel
    /// `overwrite` (host-based overwrite).
    public var technique: String
    /// The named scheme, if one was chosen (`nist-clear`, `dod-5220-3pass`…).
    @NullCoded public var scheme: String?
    public var chunkSize: ByteCount
    public var identityAtStart: DeviceIdentity
    /// nil when the device could not be identified at the end (gone).
    @NullCoded public var identityAtEnd: DeviceIdentity?
    public var passes: [PassRecord]
    public var verification: VerificationRecord
    public var errors: [WipeErrorRecord]
    /// For firmware techniques: the commands and the device's status.
    @NullCoded public var firmware: FirmwareRecord?
    /// The addressed and the native capacity, and any hidden area (nil in outcomes recorded
    /// before it was).
    @NullCoded public var capacity: CapacityRecord?
    /// What part of the drive the attempt acted on (NVMe namespaces); nil in outcomes recorded
    /// before it was.
    @NullCoded public var scope: ScopeRecord?
    public var startedAt: String
    public var endedAt: String
    public var durationSeconds: Double

    public init(attemptID: UUID, result: WipeResult, reasons: [FailureReason], level: SanitizationLevel, technique: String,
                scheme: String?, chunkSize: ByteCount, identityAtStart: DeviceIdentity, identityAtEnd: DeviceIdentity?,
                passes: [PassRecord], verification: VerificationRecord, errors: [WipeErrorRecord], firmware: FirmwareRecord? = nil,
                capacity: CapacityRecord? = nil, scope: ScopeRecord? = nil, startedAt: String, endedAt: String, durationSeconds: Double) {
        self.scope = scope
        self.firmware = firmware
        self.capacity = capacity
        self.attemptID = attemptID
        self.result = result
        self.reasons = reasons
        self.level = level
        self.technique = technique
        self.scheme = scheme
        self.chunkSize = chunkSize
        self.identityAtStart = identityAtStart
        self.identityAtEnd = identityAtEnd
        self.passes = passes
        self.verification = verification
        self.errors = errors
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
    }

    /// Every byte the passes could not write, across passes.
    public var unwritableRanges: [ByteRange] { ByteRange.coalesce(passes.flatMap(\.unwritableRanges)) }

    /// The exit status this outcome alone would give.
    public var exitStatus: ExitStatus {
        switch result {
        case .passed, .unverified: return .success
        case .aborted, .interrupted: return .interrupted
        case .failed:
            if reasons.contains(.notSupported) { return .notSupported }
            let onlyVerification = Set(reasons).isSubset(of: [.verificationMismatch])
            return onlyVerification && !reasons.isEmpty ? .verificationFailed : .failed
        }
    }

    enum CodingKeys: String, CodingKey {
        case attemptID = "attempt_id"
        case result, reasons, level, technique, scheme
        case chunkSize = "chunk_bytes"
        case identityAtStart = "identity_at_start"
        case identityAtEnd = "identity_at_end"
        case passes, verification, errors, firmware, capacity, scope
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case durationSeconds = "duration_seconds"
    }
}
