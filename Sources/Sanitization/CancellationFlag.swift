import Synchronization

/// Set when the operator asks to stop (SIGINT/SIGTERM). Engines check it at chunk boundaries.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .releasing) }
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
