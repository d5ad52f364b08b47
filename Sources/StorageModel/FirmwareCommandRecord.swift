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
