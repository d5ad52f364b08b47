import BlockIO

/// What an executor needs from its job: the plan, the device's firmware transports, the clock
/// its status polls run on, the operator's stop request and the recorder.
struct PurgeContext {
    let plan: PurgePlan
    let transports: any FirmwareTransportFactory
    let clock: any WipeClock
    let cancellation: CancellationFlag
    let recorder: PurgeRecorder
    /// Persists the temporary ATA password before it is set.
    let persistSecret: @Sendable (String) -> Void
}
