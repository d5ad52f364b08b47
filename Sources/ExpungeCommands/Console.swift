import BlockIO
import Foundation
import Glibc
import StorageModel

/// Writing to the terminal: stdout for results, stderr for errors and progress.
enum Console {
    static func out(_ text: String) { write(1, text + "\n") }
    static func err(_ text: String, terminator: String = "\n") { write(2, text + terminator) }

    /// Prints an operator error: message and remedy, without control characters (they may
    /// carry a file name or a value the operator typed).
    static func error(_ e: any OperatorError) {
        var line = "expunge: \(sanitizedLines(e.message))"
        if let remedy = e.remedy { line += "\n  remedy: \(sanitizedLines(remedy))" }
        err(line)
    }

    /// `text` with each line passed through `DisplayString` (line breaks kept, empty lines kept).
    static func sanitizedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let leading = line.prefix { $0 == " " }
            return leading + (DisplayString.sanitize(String(line)) ?? "")
        }.joined(separator: "\n")
    }

    /// Writes all of `text` to a descriptor (`SystemCall.writeAll`: EINTR and short writes
    /// handled); a reader that has gone away is not an error here.
    static func write(_ fd: Int32, _ text: String) {
        try? SystemCall.writeAll(fd, Array(text.utf8))
    }

    static var stdoutIsTerminal: Bool { SystemCall.isTerminal(1) }
    static var stderrIsTerminal: Bool { SystemCall.isTerminal(2) }

    /// Colour only on a terminal and unless NO_COLOR is set (no-color.org).
    static var useColor: Bool { stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func green(_ s: String) -> String { useColor ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    static func red(_ s: String) -> String { useColor ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    static func bold(_ s: String) -> String { useColor ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func yellow(_ s: String) -> String { useColor ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
}
