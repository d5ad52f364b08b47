import Sanitization
import StorageModel

/// A running station session over one or more devices: its event stream, cancellation for the
/// whole session or one device, and the results when every device has ended.
public final class WipeRun: Sendable {
    /// Every event of the run, in order per device; finishes when the last device is certified.
    public let events: AsyncStream<StationEvent>
    private let session: CancellationFlag
    private let perDevice: [String: CancellationFlag]
    private let task: Task<[DeviceWipeResult], Never>

    init(events: AsyncStream<StationEvent>, session: CancellationFlag, perDevice: [String: CancellationFlag],
         task: Task<[DeviceWipeResult], Never>) {
        self.events = events
        self.session = session
        self.perDevice = perDevice
        self.task = task
    }

    /// Stops every device at its next chunk boundary (or before its firmware command).
    public func cancel() { session.cancel() }

    /// Stops one device; the others go on. Returns false when the path is not part of the run.
    @discardableResult
    public func cancel(device path: String) -> Bool {
        guard let flag = perDevice[path] else { return false }
        flag.cancel()
        return true
    }

    /// Stops one device with a reason the outcome records beside the stop (`device-removed`).
    @discardableResult
    public func cancel(device path: String, because reason: FailureReason) -> Bool {
        guard let flag = perDevice[path] else { return false }
        flag.cancel(because: reason)
        return true
    }

    /// The result of every device, in the order they were prepared.
    public func results() async -> [DeviceWipeResult] { await task.value }
}
