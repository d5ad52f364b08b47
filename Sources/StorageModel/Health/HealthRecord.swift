/// The `health` section of a wipe certificate (schema version 2): the drive's health as read
/// before and after the attempt, and the reuse grade the station's rules give it with their
/// reasons. Facts are recorded as observed; a failed or unavailable reading says why.
public struct HealthRecord: Codable, Sendable, Hashable {
    /// The rules that graded the drive.
    public struct Rules: Codable, Sendable, Hashable {
        /// The `version` string of the rules file (or of the built-in default).
        public var version: String
        /// `built-in` or the path of `health-rules.json`.
        public var source: String
        /// SHA-256 of the rules file's bytes; null for the built-in default.
        @NullCoded public var sha256: String?

        public init(version: String, source: String, sha256: String?) {
            self.version = version
            self.source = source
            self.sha256 = sha256
        }
    }

    /// Read before the first byte was written; null when no reading was attempted (an attempt
    /// recovered from the journal after a crash).
    @NullCoded public var before: HealthReading?
    /// Read after the attempt ended; null when no reading was attempted.
    @NullCoded public var after: HealthReading?
    /// Null when nothing was observed to grade on (no health data and no media errors).
    @NullCoded public var grade: HealthGrade?
    public var reasons: [HealthReason]
    /// Bytes the attempt itself could not write or read back (its unwritable and unreadable
    /// ranges): media errors found during the wipe, counted by the rules.
    public var wipeMediaErrorBytes: UInt64
    public var rules: Rules

    public init(before: HealthReading?, after: HealthReading?, grade: HealthGrade?, reasons: [HealthReason], wipeMediaErrorBytes: UInt64,
                rules: Rules) {
        self.before = before
        self.after = after
        self.grade = grade
        self.reasons = reasons
        self.wipeMediaErrorBytes = wipeMediaErrorBytes
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey {
        case before, after, grade, reasons
        case wipeMediaErrorBytes = "wipe_media_error_bytes"
        case rules
    }
}
