import Glibc

/// The terminal system calls the console makes, each retried on EINTR and failing with the
/// errno. Internal: no C type leaves this module.
enum TerminalSyscalls {
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var errno: Int32
        var description: String { "\(call): \(String(cString: strerror(errno)))" }
    }

    static func getAttributes(_ fd: Int32) throws -> termios {
        var t = termios()
        while tcgetattr(fd, &t) != 0 {
            if errno != EINTR { throw Failure(call: "tcgetattr", errno: errno) }
        }
        return t
    }

    static func setAttributes(_ fd: Int32, _ t: termios) throws {
        var copy = t
        while tcsetattr(fd, TCSAFLUSH, &copy) != 0 {
            if errno != EINTR { throw Failure(call: "tcsetattr", errno: errno) }
        }
    }

    static func windowSize(_ fd: Int32) -> TerminalSize? {
        var ws = winsize()
        while ioctl(fd, UInt(TIOCGWINSZ), &ws) != 0 {
            if errno != EINTR { return nil }
        }
        guard ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return TerminalSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row))
    }

    /// Writes every byte (short writes continued, EINTR retried); false when the terminal is gone.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return false }
                done += n
            }
            return true
        }
    }

    /// Reads what is there within `timeoutMilliseconds`; nil at end of input or on error, empty
    /// when nothing came.
    static func read(_ fd: Int32, timeoutMilliseconds: Int32) -> [UInt8]? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, timeoutMilliseconds)
        if ready < 0 { return errno == EINTR ? [] : nil }
        if ready == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            return Array(buffer.prefix(n))
        }
    }

    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
}
