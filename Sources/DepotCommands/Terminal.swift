import BlockIO
import Foundation
import Glibc
import StorageModel

/// Writing to the terminal: stdout for results, stderr for errors.
enum Terminal {
    static func out(_ text: String) { write(1, text + "\n") }
    static func err(_ text: String) { write(2, text + "\n") }

    /// Prints an operator error: message and remedy, without control characters.
    static func error(_ e: any OperatorError) {
        var line = "expunge-depot: \(DisplayString.sanitize(e.message) ?? "")"
        if let remedy = e.remedy { line += "\n  remedy: \(DisplayString.sanitize(remedy) ?? "")" }
        err(line)
    }

    /// Writes all of `text` to a descriptor (`SystemCall.writeAll`); a reader that has gone
    /// away is not an error here.
    static func write(_ fd: Int32, _ text: String) {
        try? SystemCall.writeAll(fd, Array(text.utf8))
    }
}
