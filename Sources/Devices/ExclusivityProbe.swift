import BlockIO
import Glibc

/// Answers "does something else hold this device?" by trying an exclusive open.
public protocol ExclusivityProbing: Sendable {
    /// true: held (EBUSY); false: free; nil: could not tell (no permission, no medium).
    func isBusy(path: String) -> Bool?
}

/// The real probe: `open(path, O_RDONLY | O_EXCL | O_NONBLOCK)`, closed at once.
public struct ExclusiveOpenProbe: ExclusivityProbing {
    public init() {}

    public func isBusy(path: String) -> Bool? {
        do {
            let fd = try SystemCall.open(path, O_RDONLY | O_EXCL | O_NONBLOCK | O_CLOEXEC)
            SystemCall.close(fd)
            return false
        } catch {
            return error == .busy ? true : nil
        }
    }
}

/// A probe that never opens anything (fixture tests, non-root listings).
public struct NoExclusivityProbe: ExclusivityProbing {
    public init() {}
    public func isBusy(path: String) -> Bool? { nil }
}
