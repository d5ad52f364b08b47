/// A counter the drive reported in a log that has no field in `HealthFacts` of its own: ATA
/// Device Statistics (log 04h page/offset), SCSI LOG SENSE parameters (page/parameter code). The
/// value is kept as reported.
public struct HealthStatistic: Codable, Sendable, Hashable {
    /// Where it came from: `ata-device-statistics`, `scsi-log-sense`.
    public var source: String
    public var page: UInt8
    /// ATA: the byte offset in the page; SCSI: the parameter code.
    public var location: UInt16
    public var name: String
    public var value: UInt64

    public init(source: String, page: UInt8, location: UInt16, name: String, value: UInt64) {
        self.source = source
        self.page = page
        self.location = location
        self.name = name
        self.value = value
    }
}
