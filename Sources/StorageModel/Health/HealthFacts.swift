/// The health facts of a drive as the drive reported them, protocol-neutral where the meaning is
/// the same and named by protocol where it is not. Every field is null unless the drive reported
/// it: nothing is estimated or carried over from another drive.
public struct HealthFacts: Codable, Sendable, Hashable {
    /// The drive's own overall verdict: ATA SMART RETURN STATUS, SCSI informational exceptions.
    public enum OverallStatus: String, Codable, Sendable, CaseIterable {
        case passed
        /// Threshold exceeded: the drive predicts its own failure.
        case failing
    }

    @NullCoded public var overallStatus: OverallStatus?
    /// NVMe Critical Warning (SMART / Health log byte 0): b0 spare below threshold, b1
    /// temperature, b2 reliability degraded, b3 read-only, b4 volatile memory backup failed, b5
    /// persistent memory region read-only.
    @NullCoded public var criticalWarning: UInt8?
    /// Current temperature in °C (NVMe composite temperature, ATA Device Statistics or
    /// attribute 194/190, SCSI temperature log page).
    @NullCoded public var temperatureCelsius: Int?
    /// NVMe: available spare and its threshold, percent of the spare capacity.
    @NullCoded public var availableSparePercent: Int?
    @NullCoded public var availableSpareThresholdPercent: Int?
    /// The vendor's estimate of life used, percent (may exceed 100): NVMe Percentage Used, ATA
    /// Device Statistics "Percentage Used Endurance Indicator".
    @NullCoded public var percentageUsed: Int?
    @NullCoded public var powerOnHours: UInt64?
    @NullCoded public var powerCycles: UInt64?
    /// NVMe: Unsafe Shutdowns.
    @NullCoded public var unsafeShutdowns: UInt64?
    /// Uncorrected media errors the drive counted: NVMe Media and Data Integrity Errors; ATA
    /// attribute 187 (Reported Uncorrectable) or Device Statistics "Number of Reported
    /// Uncorrectable Errors"; SCSI total uncorrected read plus write errors.
    @NullCoded public var mediaErrors: UInt64?
    /// NVMe: Number of Error Information Log Entries.
    @NullCoded public var errorLogEntries: UInt64?
    /// NVMe: Data Units Read / Written, in units of 1,000 × 512 bytes (rounded up by the drive).
    @NullCoded public var dataUnitsRead: UInt64?
    @NullCoded public var dataUnitsWritten: UInt64?
    /// ATA attribute 5 (Reallocated Sectors Count), raw.
    @NullCoded public var reallocatedSectors: UInt64?
    /// ATA attribute 196 (Reallocation Event Count), raw.
    @NullCoded public var reallocationEvents: UInt64?
    /// ATA attribute 197 (Current Pending Sector Count), raw.
    @NullCoded public var pendingSectors: UInt64?
    /// ATA attribute 198 (Offline Uncorrectable), raw.
    @NullCoded public var offlineUncorrectable: UInt64?
    /// ATA attribute 199 (UDMA CRC Error Count), raw: interface (cable) errors, not the medium.
    @NullCoded public var interfaceCRCErrors: UInt64?
    /// SCSI start-stop cycle counter page: accumulated start-stop cycles.
    @NullCoded public var startStopCycles: UInt64?
    /// SCSI: entries in the grown defect list (READ DEFECT DATA).
    @NullCoded public var grownDefects: UInt64?

    public init(overallStatus: OverallStatus? = nil, criticalWarning: UInt8? = nil, temperatureCelsius: Int? = nil,
                availableSparePercent: Int? = nil, availableSpareThresholdPercent: Int? = nil, percentageUsed: Int? = nil,
                powerOnHours: UInt64? = nil, powerCycles: UInt64? = nil, unsafeShutdowns: UInt64? = nil, mediaErrors: UInt64? = nil,
                errorLogEntries: UInt64? = nil, dataUnitsRead: UInt64? = nil, dataUnitsWritten: UInt64? = nil,
                reallocatedSectors: UInt64? = nil, reallocationEvents: UInt64? = nil, pendingSectors: UInt64? = nil,
                offlineUncorrectable: UInt64? = nil, interfaceCRCErrors: UInt64? = nil, startStopCycles: UInt64? = nil,
                grownDefects: UInt64? = nil) {
        self.overallStatus = overallStatus
        self.criticalWarning = criticalWarning
        self.temperatureCelsius = temperatureCelsius
        self.availableSparePercent = availableSparePercent
        self.availableSpareThresholdPercent = availableSpareThresholdPercent
        self.percentageUsed = percentageUsed
        self.powerOnHours = powerOnHours
        self.powerCycles = powerCycles
        self.unsafeShutdowns = unsafeShutdowns
        self.mediaErrors = mediaErrors
        self.errorLogEntries = errorLogEntries
        self.dataUnitsRead = dataUnitsRead
        self.dataUnitsWritten = dataUnitsWritten
        self.reallocatedSectors = reallocatedSectors
        self.reallocationEvents = reallocationEvents
        self.pendingSectors = pendingSectors
        self.offlineUncorrectable = offlineUncorrectable
        self.interfaceCRCErrors = interfaceCRCErrors
        self.startStopCycles = startStopCycles
        self.grownDefects = grownDefects
    }

    /// No fact was reported.
    public var isEmpty: Bool { self == HealthFacts() }

    enum CodingKeys: String, CodingKey {
        case overallStatus = "overall_status"
        case criticalWarning = "critical_warning"
        case temperatureCelsius = "temperature_celsius"
        case availableSparePercent = "available_spare_percent"
        case availableSpareThresholdPercent = "available_spare_threshold_percent"
        case percentageUsed = "percentage_used"
        case powerOnHours = "power_on_hours"
        case powerCycles = "power_cycles"
        case unsafeShutdowns = "unsafe_shutdowns"
        case mediaErrors = "media_errors"
        case errorLogEntries = "error_log_entries"
        case dataUnitsRead = "data_units_read"
        case dataUnitsWritten = "data_units_written"
        case reallocatedSectors = "reallocated_sectors"
        case reallocationEvents = "reallocation_events"
        case pendingSectors = "pending_sectors"
        case offlineUncorrectable = "offline_uncorrectable"
        case interfaceCRCErrors = "interface_crc_errors"
        case startStopCycles = "start_stop_cycles"
        case grownDefects = "grown_defects"
    }
}
