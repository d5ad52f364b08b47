import Dispatch
import Glibc
import Sanitization
import Synchronization

/// Turns SIGINT and SIGTERM into a cancellation request: the default action (dying mid-write)
/// is replaced by setting a flag that engines check at chunk boundaries.
final class SignalTrap: Sendable {
    let cancellation = CancellationFlag()
    private let received = Atomic<Int32>(0)
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            _ = Glibc.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                received.store(sig, ordering: .relaxed)
                cancellation.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal that asked to stop, if any.
    var receivedSignal: Int32? {
        let s = received.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
