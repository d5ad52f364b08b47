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
    public var isTerminal: Bool { TerminalSyscalls.isTerminal(input) && TerminalSyscalls.isTerminal(output) }

    /// The size now, or nil when the terminal does not say.
    public var size: TerminalSize? { TerminalSyscalls.windowSize(output) }

    /// Raw mode, alternate screen, hidden cursor. Throws with the failing call when the terminal
    /// cannot be set up (nothing is changed then).
    public func enter() throws {
        let original = try TerminalSyscalls.getAttributes(input)
        savedAttributes = original
        savedFD = input
        Self.installFatalSignalHandlers()
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        try TerminalSyscalls.setAttributes(input, raw)
        active = true
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J")
    }

    /// Back to the terminal as it was. Safe to call more than once.
    public func restore() {
        guard active else { return }
        active = false
        TerminalSyscalls.writeAll(output, leaveSequence)
        try? TerminalSyscalls.setAttributes(input, savedAttributes)
    }

    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        TerminalSyscalls.writeAll(output, Array(text.utf8))
    }

    /// Reads keys' bytes (waits at most `timeoutMilliseconds`); nil when input ended.
    public func readBytes(timeoutMilliseconds: Int32) -> [UInt8]? {
        TerminalSyscalls.read(input, timeoutMilliseconds: timeoutMilliseconds)
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
