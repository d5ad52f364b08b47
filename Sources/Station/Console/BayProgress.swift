import Sanitization
import StorageModel

/// Progress over a whole attempt (every pass and the verification), from the engine's per-phase
/// samples: the bar, the percentage and the ETA describe the attempt, not the current pass.
public struct BayProgress: Sendable, Hashable {
    /// 0…1 over the whole attempt. An attempt that ended early keeps its last value (an aborted
    /// drive never shows 100 %).
    public var fraction: Double
    /// Bytes per second over the last interval.
    public var bytesPerSecond: Double
    /// Seconds left for the whole attempt at the current rate; nil when unknown.
    public var secondsRemaining: Double?
    public var errorCount: Int

    public init(fraction: Double, bytesPerSecond: Double, secondsRemaining: Double?, errorCount: Int) {
        self.fraction = fraction
        self.bytesPerSecond = bytesPerSecond
        self.secondsRemaining = secondsRemaining
        self.errorCount = errorCount
    }

    /// The work of the attempt in bytes: every pass over the capacity, then the verification
    /// reads (the whole capacity for `full`, the sampled share for `sample`, known exactly once
    /// verification reports its total; nothing for `none`).
    public static func attempt(_ sample: ProgressSample, capacity: ByteCount, verification: VerificationMode) -> BayProgress {
        let cap = Double(max(capacity.bytes, 1))
        let passes = Double(max(sample.passCount, 1))
        let verifyTotal: Double
        switch sample.phase {
        case .verifying: verifyTotal = Double(sample.total.bytes)
        default:
            switch verification {
            case .full: verifyTotal = cap
            case .sample: verifyTotal = cap / 10
            case .none: verifyTotal = 0
            }
        }
        let total = passes * cap + verifyTotal
        let done: Double
        switch sample.phase {
        case .writing: done = Double(max(sample.pass - 1, 0)) * cap + Double(min(sample.done, sample.total).bytes)
        case .flushing: done = Double(max(sample.pass, 1)) * cap
        case .verifying: done = passes * cap + Double(min(sample.done, sample.total).bytes)
        case .finished: done = total
        }
        let fraction = min(max(done / total, 0), 1)
        let remaining = sample.bytesPerSecond > 0 && sample.phase != .finished ? (total - done) / sample.bytesPerSecond : nil
        return BayProgress(fraction: fraction, bytesPerSecond: sample.phase == .finished ? 0 : sample.bytesPerSecond,
                           secondsRemaining: remaining, errorCount: sample.errorCount)
    }
}
