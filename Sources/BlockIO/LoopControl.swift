import CLinux
import Glibc

/// `/dev/loop-control`: creates and removes loop device nodes. Used by tests and the demo to make
/// their own scratch devices; Expunge never touches a loop device it was not asked to.
public struct LoopControl: Sendable {
    public let path: String

    public init(path: String = "/dev/loop-control") { self.path = path }

    /// `ioctl(LOOP_CTL_ADD, index)`: creates `/dev/loop<index>`; returns the index.
    public func add(index: Int32) throws(Errno) -> Int32 {
        try withControl { fd throws(Errno) in try SystemCall.retrying { clinux_loop_ctl_add(fd, index) } }
    }

    /// `ioctl(LOOP_CTL_REMOVE, index)`: removes an unbound `/dev/loop<index>`.
    public func remove(index: Int32) throws(Errno) {
        _ = try withControl { fd throws(Errno) in try SystemCall.retrying { clinux_loop_ctl_remove(fd, index) } }
    }

    private func withControl(_ body: (Int32) throws(Errno) -> Int32) throws(Errno) -> Int32 {
        let fd = try SystemCall.open(path, O_RDWR | O_CLOEXEC)
        defer { SystemCall.close(fd) }
        return try body(fd)
    }
}
