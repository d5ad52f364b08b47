/// What the controller returned.
public struct NVMeCompletion: Sendable {
    public var status: NVMeStatus
    /// Completion queue entry DW0.
    public var result: UInt32
    public var data: [UInt8]
    public var durationSeconds: Double

    public init(status: NVMeStatus, result: UInt32, data: [UInt8], durationSeconds: Double) {
        self.status = status
        self.result = result
        self.data = data
        self.durationSeconds = durationSeconds
    }
}
