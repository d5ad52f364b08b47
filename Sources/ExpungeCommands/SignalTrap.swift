import Dispatch
import Glibc
import Sanitization
import Synchronization

/// Turns SIGINT, SIGTERM, SIGHUP (an ssh session that drops) and SIGQUIT into a cancellation
/// request: the default action (dying mid-write, or a core dump) is replaced by setting a flag
/// that engines check at chunk boundaries, so the attempt ends `aborted` and is certified at once.
/// SIGPIPE is ignored for the whole process (see `Expunge.execute`): a closed progress pipe
/// turns into a failed write, never into a killed wipe.
final class SignalTrap: Sendable {
    let cancellation = CancellationFlag()
    private let received = Atomic<Int32>(0)
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    init() {
        for sig in Self.signals {
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

    /// The signals that end a wipe as `aborted`.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// The signal that asked to stop, if any.
    var receivedSignal: Int32? {
        let s = received.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
