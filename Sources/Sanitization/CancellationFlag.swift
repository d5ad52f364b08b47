import StorageModel
import Synchronization

/// Set when the operator asks to stop (a signal, a key in the console, a removed drive). Engines
/// check it before every chunk and before every destructive command.
///
/// A flag may have a parent: a device's flag is cancelled by its own request or by its session's.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    private let parent: CancellationFlag?
    private let reason = Mutex<FailureReason?>(nil)

    public init(parent: CancellationFlag? = nil) { self.parent = parent }

    public func cancel() { flag.store(true, ordering: .releasing) }

    /// Stops with a reason beyond the stop request itself (`device-removed`): the outcome lists it.
    public func cancel(because why: FailureReason) {
        reason.withLock { if $0 == nil { $0 = why } }
        cancel()
    }

    /// The reason given with the first `cancel(because:)`, here or in the parent.
    public var reasonGiven: FailureReason? { reason.withLock { $0 } ?? parent?.reasonGiven }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) || (parent?.isCancelled ?? false) }
}
