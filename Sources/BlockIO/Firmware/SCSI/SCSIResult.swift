/// What SG_IO reported for a command.
public struct SCSIResult: Sendable {
    public var status: UInt8
    public var hostStatus: UInt16
    public var driverStatus: UInt16
    public var sense: [UInt8]
    public var data: [UInt8]
    public var durationSeconds: Double

    public init(status: UInt8, hostStatus: UInt16, driverStatus: UInt16, sense: [UInt8], data: [UInt8], durationSeconds: Double) {
        self.status = status
        self.hostStatus = hostStatus
        self.driverStatus = driverStatus
        self.sense = sense
        self.data = data
        self.durationSeconds = durationSeconds
    }

    public var senseData: SenseData? { SenseData(sense) }
    /// A transport problem (host or driver), not an answer from the device.
    public var transportFailed: Bool { hostStatus != 0 || (driverStatus & 0x0F) != 0 && (driverStatus & 0x08) == 0 }
    public var isGood: Bool { status == 0 && !transportFailed }
}
