import StorageModel

/// What a health rule looks at. Raw values are the words of `health-rules.json` and the reason
/// codes on certificates. A fact the drive did not report never matches.
public enum HealthRuleFact: String, Codable, Sendable, CaseIterable {
    // Conditions (true or false): the rule applies when true.
    /// ATA SMART RETURN STATUS threshold exceeded, or a SCSI failure prediction (5Dh).
    case overallStatusFailing = "overall-status-failing"
    /// An ATA attribute at or below its non-zero threshold.
    case attributeFailingNow = "attribute-failing-now"
    /// NVMe Critical Warning bits 0–4.
    case criticalWarningSpare = "critical-warning-spare"
    case criticalWarningTemperature = "critical-warning-temperature"
    case criticalWarningReliability = "critical-warning-reliability"
    case criticalWarningReadOnly = "critical-warning-read-only"
    case criticalWarningVolatileBackup = "critical-warning-volatile-backup"
    /// NVMe available spare below its threshold (both reported).
    case spareBelowThreshold = "spare-below-threshold"

    // Counts and levels: the rule applies `above` (>) or `at_least` (≥) its limit.
    case percentageUsed = "percentage-used"
    case reallocatedSectors = "reallocated-sectors"
    case reallocationEvents = "reallocation-events"
    case pendingSectors = "pending-sectors"
    case offlineUncorrectable = "offline-uncorrectable"
    case mediaErrors = "media-errors"
    case grownDefects = "grown-defects"
    case powerOnHours = "power-on-hours"
    case temperatureCelsius = "temperature-celsius"

    public var isCondition: Bool {
        switch self {
        case .overallStatusFailing, .attributeFailingNow, .criticalWarningSpare, .criticalWarningTemperature, .criticalWarningReliability,
             .criticalWarningReadOnly, .criticalWarningVolatileBackup, .spareBelowThreshold: true
        default: false
        }
    }

    /// The fact in `reading`: a condition as 1 (true) or 0 (false), a count as reported; nil
    /// when the drive did not report it.
    func value(in reading: HealthReading) -> Int64? {
        let f = reading.facts
        func flag(_ bit: UInt8) -> Int64? { f.criticalWarning.map { $0 & bit != 0 ? 1 : 0 } }
        func count(_ v: UInt64?) -> Int64? { v.map { Int64(clamping: $0) } }
        switch self {
        case .overallStatusFailing: return f.overallStatus.map { $0 == .failing ? 1 : 0 }
        case .attributeFailingNow:
            return reading.attributes.contains { $0.threshold != nil } ? (reading.attributes.contains(where: \.failingNow) ? 1 : 0) : nil
        case .criticalWarningSpare: return flag(0x01)
        case .criticalWarningTemperature: return flag(0x02)
        case .criticalWarningReliability: return flag(0x04)
        case .criticalWarningReadOnly: return flag(0x08)
        case .criticalWarningVolatileBackup: return flag(0x10)
        case .spareBelowThreshold:
            guard let spare = f.availableSparePercent, let threshold = f.availableSpareThresholdPercent else { return nil }
            return spare < threshold ? 1 : 0
        case .percentageUsed: return f.percentageUsed.map(Int64.init)
        case .reallocatedSectors: return count(f.reallocatedSectors)
        case .reallocationEvents: return count(f.reallocationEvents)
        case .pendingSectors: return count(f.pendingSectors)
        case .offlineUncorrectable: return count(f.offlineUncorrectable)
        case .mediaErrors: return count(f.mediaErrors)
        case .grownDefects: return count(f.grownDefects)
        case .powerOnHours: return count(f.powerOnHours)
        case .temperatureCelsius: return f.temperatureCelsius.map(Int64.init)
        }
    }

    /// The fact in words, for reasons.
    var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }
}
