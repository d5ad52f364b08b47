import Synchronization

/// Set when the operator asks to stop (a signal, a key in the console, a removed drive). Engines
/// check it before every chunk and before every destructive command.
///
/// A flag may have a parent: a device's flag is cancelled by its own request or by its session's.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    private let parent: CancellationFlag?

    public init(parent: CancellationFlag? = nil) { self.parent = parent }

    public func cancel() { flag.store(true, ordering: .releasing) }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) || (parent?.isCancelled ?? false) }
}
