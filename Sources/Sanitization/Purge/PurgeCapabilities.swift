import StorageModel

/// What a device offers for Purge, and why anything is missing.
public struct PurgeCapabilities: Codable, Sendable, Hashable {
    public struct Unavailable: Codable, Sendable, Hashable {
        public var technique: PurgeTechnique
        public var reason: String

        public init(technique: PurgeTechnique, reason: String) {
            self.technique = technique
            self.reason = reason
        }
    }

    /// `nvme`, `ata`, `scsi`, or nil when no firmware interface is usable.
    @NullCoded public var interface: String?
    public var available: [PurgeTechnique]
    public var unavailable: [Unavailable]
    /// Why nothing at all can be used (virtual device, USB bridge, not root…).
    @NullCoded public var blocker: String?
    /// Facts the technician and the certificate should know: frozen, HPA, erase time estimates.
    public var notes: [String]
    /// What deallocated/trimmed blocks read back as (NVMe DLFEAT, ATA RZAT): 0x00, 0xFF or nil. A
    /// fact about deallocation, not a promise about sanitized content: only `PurgePlan.promisedReadValue`
    /// decides what the canaries must read.
    @NullCoded public var erasedReadValue: UInt8?
    /// For NVMe: the namespace ID and the LBA format in use.
    @NullCoded public var nvmeNamespace: UInt32?
    @NullCoded public var nvmeLBAFormat: UInt8?
    /// For ATA: the erase time estimates (minutes) from IDENTIFY words 89/90.
    @NullCoded public var ataNormalEraseMinutes: Int?
    @NullCoded public var ataEnhancedEraseMinutes: Int?
    /// Sectors hidden by a Host Protected Area (native max beyond the accessible max), and the
    /// native maximum LBA; nil when none or unknown.
    @NullCoded public var hiddenSectors: UInt64?
    @NullCoded public var nativeMaxLBA: UInt64?

    public init(interface: String?, available: [PurgeTechnique] = [], unavailable: [Unavailable] = [], blocker: String? = nil,
                notes: [String] = [], erasedReadValue: UInt8? = nil, nvmeNamespace: UInt32? = nil, nvmeLBAFormat: UInt8? = nil,
                ataNormalEraseMinutes: Int? = nil, ataEnhancedEraseMinutes: Int? = nil) {
        self.interface = interface
        self.available = available
        self.unavailable = unavailable
        self.blocker = blocker
        self.notes = notes
        self.erasedReadValue = erasedReadValue
        self.nvmeNamespace = nvmeNamespace
        self.nvmeLBAFormat = nvmeLBAFormat
        self.ataNormalEraseMinutes = ataNormalEraseMinutes
        self.ataEnhancedEraseMinutes = ataEnhancedEraseMinutes
    }

    enum CodingKeys: String, CodingKey {
        case interface, available, unavailable, blocker, notes
        case erasedReadValue = "erased_read_value", nvmeNamespace = "nvme_namespace", nvmeLBAFormat = "nvme_lba_format"
        case ataNormalEraseMinutes = "ata_normal_erase_minutes", ataEnhancedEraseMinutes = "ata_enhanced_erase_minutes"
        case hiddenSectors = "hidden_sectors", nativeMaxLBA = "native_max_lba"
    }

    /// One line for the `devices` table.
    public var summary: String {
        if let blocker { return "none: \(blocker)" }
        if available.isEmpty { return "none: " + (unavailable.first?.reason ?? "no firmware sanitize command") }
        return available.map(\.rawValue).joined(separator: ", ")
    }
}
