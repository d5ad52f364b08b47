import BlockIO
import Glibc

/// The saved terminal state the crash handlers restore (set once, before raw mode).
nonisolated(unsafe) private var savedAttributes = termios()
nonisolated(unsafe) private var savedFD: Int32 = -1
private let leaveSequence: [UInt8] = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".utf8)

/// The full-screen terminal: raw mode (no echo, no line buffering, no signals from keys), the
/// alternate screen and a hidden cursor; all restored on `restore()`, at exit, and from a handler
/// for every fatal signal, so a crash never leaves the operator's terminal broken.
public final class TerminalScreen: @unchecked Sendable {
    public let input: Int32
    public let output: Int32
    private var active = false

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    /// Whether both ends are a terminal (the full-screen console needs one).
    public var isTerminal: Bool { SystemCall.isTerminal(input) && SystemCall.isTerminal(output) }

    /// The size now, or nil when the terminal does not say.
    public var size: TerminalSize? {
        guard let ws = try? SystemCall.windowSize(output) else { return nil }
        return TerminalSize(columns: ws.columns, rows: ws.rows)
    }

    /// The terminal could not be set up: the call that failed and its errno.
    public struct SetupFailure: Error, CustomStringConvertible {
        public var call: String
        public var errno: Errno
        public var description: String { "\(call): \(errno)" }
    }

    /// Raw mode, alternate screen, hidden cursor. Throws with the failing call when the terminal
    /// cannot be set up (nothing is changed then).
    public func enter() throws {
        let original: termios
        do { original = try SystemCall.terminalAttributes(input) } catch { throw SetupFailure(call: "tcgetattr", errno: error) }
        savedAttributes = original
        savedFD = input
        Self.installFatalSignalHandlers()
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        do { try SystemCall.setTerminalAttributes(input, raw) } catch { throw SetupFailure(call: "tcsetattr", errno: error) }
        active = true
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J")
    }

    /// Back to the terminal as it was. Safe to call more than once.
    public func restore() {
        guard active else { return }
        active = false
        try? SystemCall.writeAll(output, leaveSequence)
        try? SystemCall.setTerminalAttributes(input, savedAttributes)
    }

    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        try? SystemCall.writeAll(output, Array(text.utf8))
    }

    /// Reads keys' bytes (waits at most `timeoutMilliseconds`); empty when nothing came, nil
    /// when input ended or failed.
    public func readBytes(timeoutMilliseconds: Int32) -> [UInt8]? {
        do {
            guard try SystemCall.waitForInput(input, timeoutMilliseconds: timeoutMilliseconds) else { return [] }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = try SystemCall.read(input, into: &buffer, at: 0)
            return n == 0 ? nil : Array(buffer.prefix(n))
        } catch {
            return nil
        }
    }

    /// Crashes (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) restore the terminal, then die as
    /// they would have. Only async-signal-safe calls (write, tcsetattr, signal, raise).
    static func installFatalSignalHandlers() {
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT] {
            _ = signal(sig) { s in
                if savedFD >= 0 {
                    leaveSequence.withUnsafeBytes { _ = Glibc.write(savedFD, $0.baseAddress!, $0.count) }
                    _ = tcsetattr(savedFD, TCSAFLUSH, &savedAttributes)
                }
                _ = signal(s, SIG_DFL)
                _ = raise(s)
            }
        }
    }
}
