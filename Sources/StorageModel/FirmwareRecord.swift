/// What a firmware (Purge) technique did, for the certificate.
public struct FirmwareRecord: Codable, Sendable, Hashable {
    public var technique: PurgeTechnique
    /// The NIST method the technique applies.
    public var method: SanitizationMethod
    public var interface: PurgeTechnique.Interface
    public var commands: [FirmwareCommandRecord]
    /// Observations of the device's own status (sanitize log, SANITIZE STATUS EXT, REQUEST SENSE).
    public var deviceStatus: [String]
    /// Whether the device's status confirmed completion; nil where the interface has none.
    @NullCoded public var deviceReportedCompletion: Bool?
    /// Capability notes at the time (frozen, HPA, scope of the command).
    public var notes: [String]

    public init(technique: PurgeTechnique, commands: [FirmwareCommandRecord] = [], deviceStatus: [String] = [],
                deviceReportedCompletion: Bool? = nil, notes: [String] = []) {
        self.technique = technique
        self.method = technique.method
        self.interface = technique.interface
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
