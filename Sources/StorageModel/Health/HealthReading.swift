/// One reading of a drive's health: what was asked, what the drive answered, and the facts
/// decoded from it. A reading that could not be taken says so with the reason, and carries no
/// facts.
public struct HealthReading: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// At least one health log was read and decoded (others may have failed: see `notes`).
        case read
        /// The device has no health data Expunge can read: a loop or virtual device, a USB
        /// bridge, an interface without health logs.
        case notAvailable = "not-available"
        /// The device should have health data but reading it failed (permission, rejected
        /// commands, malformed answers).
        case failed
    }

    public var status: Status
    /// Why the reading is not available or failed, in words; null when read.
    @NullCoded public var reason: String?
    public var readAt: String
    /// `nvme`, `ata` or `scsi`; null when no interface was queried.
    @NullCoded public var interface: String?
    /// Every command sent, with its exact encoding and the drive's answer.
    public var commands: [FirmwareCommandRecord]
    public var facts: HealthFacts
    /// ATA SMART attributes, raw values kept (empty elsewhere).
    public var attributes: [HealthAttribute]
    /// Other counters, as reported (ATA Device Statistics, SCSI log parameters).
    public var statistics: [HealthStatistic]
    /// What could not be read or decoded while other logs were.
    public var notes: [String]

    public init(status: Status, reason: String? = nil, readAt: String, interface: String? = nil, commands: [FirmwareCommandRecord] = [],
                facts: HealthFacts = HealthFacts(), attributes: [HealthAttribute] = [], statistics: [HealthStatistic] = [],
                notes: [String] = []) {
        self.status = status
        self.reason = reason
        self.readAt = readAt
        self.interface = interface
        self.commands = commands
        self.facts = facts
        self.attributes = attributes
        self.statistics = statistics
        self.notes = notes
    }

    /// A device without health data: nothing was sent.
    public static func notAvailable(_ reason: String, at: String) -> HealthReading {
        HealthReading(status: .notAvailable, reason: reason, readAt: at)
    }

    enum CodingKeys: String, CodingKey {
        case status, reason
        case readAt = "read_at"
        case interface, commands, facts, attributes, statistics, notes
    }
}
