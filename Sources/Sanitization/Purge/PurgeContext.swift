import StorageModel
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

    /// Asked immediately before every destructive (or state-changing) command: false when the
    /// operator asked to stop, and then the command must not be sent. Once a command is sent the
    /// drive carries it out on its own, so a later stop request changes nothing but the record.
    func mayStart(_ command: String) -> Bool {
        guard cancellation.isCancelled else { return true }
        recorder.status("stop requested before \(command) was sent: not sent")
        return false
    }
}
