import Foundation

/// Everything a wipe attempt did and found: the input to its certificate.
public struct WipeOutcome: Codable, Sendable, Hashable {
    public var attemptID: UUID
    public var result: WipeResult
    public var reasons: [FailureReason]
    public var level: SanitizationLevel
    /// Host overwrite, or the firmware technique.
    public var technique: SanitizationTechnique
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

    public init(attemptID: UUID, result: WipeResult, reasons: [FailureReason], level: SanitizationLevel, technique: SanitizationTechnique,
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
