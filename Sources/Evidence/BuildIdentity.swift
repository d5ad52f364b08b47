import Foundation

/// This build as certificates record it (`ToolInfo`), with the SHA-256 of the running executable
/// computed off the critical path: a statically linked `expunge` is about 170 MB, and hashing it
/// before the first write (as every command did) added about 0.1 s to each wipe's fixed overhead
/// and to commands that never certify at all.
///
/// `prefetch()` starts the hash on a background thread (a station calls it when an attempt
/// starts, so it runs alongside the first pass); `info` returns the result, waiting for it, or
/// hashing at once when nothing prefetched. The executable is `/proc/self/exe`, so the digest is
/// of the binary this process runs even if the file was replaced after it started.
public final class BuildIdentity: @unchecked Sendable {
    private enum State {
        case idle
        /// Someone is hashing; `ready` is entered (under the lock) until it is done.
        case running
        case done(ToolInfo)
    }

    private let lock = NSLock()
    private let ready = DispatchGroup()
    private let version: String
    /// Guarded by `lock`.
    private var state = State.idle

    public init(version: String) {
        self.version = version
    }

    /// A build whose identity is already known (tests, and tools that verify rather than wipe).
    public init(known: ToolInfo) {
        version = known.version
        state = .done(known)
    }

    /// Starts hashing the executable in the background, once. Cheap to call again.
    public func prefetch() {
        guard claim() else { return }
        let thread = Thread { [self] in compute() }
        thread.start()
    }

    /// The build's identity: waits for a prefetch in flight, else computes it on this thread.
    public var info: ToolInfo {
        if claim() { compute() }
        ready.wait()
        return lock.withLock {
            guard case .done(let info) = state else { preconditionFailure("BuildIdentity: finished without a result") }
            return info
        }
    }

    /// Whether the caller is the one to compute: moves `idle` to `running` and enters `ready`
    /// in one step, so a waiter can never see `running` before `ready` is entered.
    private func claim() -> Bool {
        lock.withLock {
            guard case .idle = state else { return false }
            state = .running
            ready.enter()
            return true
        }
    }

    private func compute() {
        let info = ToolInfo.current(version: version)
        lock.withLock { state = .done(info) }
        ready.leave()
    }
}
