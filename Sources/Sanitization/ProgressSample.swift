import StorageModel

/// A snapshot of one device's progress, reported at most once a second by the engine.
public struct ProgressSample: Sendable, Hashable {
    public enum Phase: String, Sendable {
        case writing, flushing, verifying, finished
    }
    public var devicePath: String
    public var phase: Phase
    /// 1-based pass number while writing; the last pass while verifying.
    public var pass: Int
    public var passCount: Int
    /// Bytes done and to do in the current phase.
    public var done: ByteCount
    public var total: ByteCount
    /// Throughput over the last interval, bytes per second.
    public var bytesPerSecond: Double
    /// Errors met so far (unwritable or unreadable block ranges).
    public var errorCount: Int

    public init(devicePath: String, phase: Phase, pass: Int, passCount: Int, done: ByteCount, total: ByteCount,
                bytesPerSecond: Double, errorCount: Int) {
        self.devicePath = devicePath
        self.phase = phase
        self.pass = pass
        self.passCount = passCount
        self.done = done
        self.total = total
        self.bytesPerSecond = bytesPerSecond
        self.errorCount = errorCount
    }

    public var fraction: Double { total.bytes == 0 ? 1 : Double(done.bytes) / Double(total.bytes) }

    /// Seconds left in the current phase at the current rate, if it can be estimated.
    public var secondsRemaining: Double? {
        guard bytesPerSecond > 0 else { return nil }
        return Double((total - min(done, total)).bytes) / bytesPerSecond
    }
}

/// Receives progress samples; called from the device's I/O thread.
public typealias ProgressHandler = @Sendable (ProgressSample) -> Void
