import Glibc

/// The terminal calls of the full-screen station console, each behind one wrapper like the rest
/// of `SystemCall` (EINTR retried, failures thrown as `Errno`).
extension SystemCall {
    /// The terminal's size in character cells.
    public struct WindowSize: Sendable, Hashable {
        public var columns: Int
        public var rows: Int
    }

    /// `isatty(3)`.
    public static func isTerminal(_ fd: Int32) -> Bool {
        Glibc.isatty(fd) == 1
    }

    /// `tcgetattr(3)`.
    public static func terminalAttributes(_ fd: Int32) throws(Errno) -> termios {
        var t = termios()
        _ = try retrying { tcgetattr(fd, &t) }
        return t
    }

    /// `tcsetattr(3)` with `TCSAFLUSH` (applied once pending output is written; pending input dropped).
    public static func setTerminalAttributes(_ fd: Int32, _ attributes: termios) throws(Errno) {
        var copy = attributes
        _ = try retrying { tcsetattr(fd, TCSAFLUSH, &copy) }
    }

    /// `ioctl(fd, TIOCGWINSZ)`: nil when the terminal reports no size (0 × 0, as a serial line may).
    public static func windowSize(_ fd: Int32) throws(Errno) -> WindowSize? {
        var ws = winsize()
        _ = try retrying { ioctl(fd, UInt(TIOCGWINSZ), &ws) }
        guard ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return WindowSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row))
    }

    /// `poll(2)` on one descriptor for input: true when it is readable (or has hung up: the next
    /// `read` says which), false when `timeoutMilliseconds` passed or a signal interrupted the wait
    /// (the caller's loop waits again).
    public static func waitForInput(_ fd: Int32, timeoutMilliseconds: Int32) throws(Errno) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = Glibc.poll(&pfd, 1, timeoutMilliseconds)
        if ready < 0 {
            let e = Errno.current
            if e == .interrupted { return false }
            throw e
        }
        return ready > 0
    }
}
