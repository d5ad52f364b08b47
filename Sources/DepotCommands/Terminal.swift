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

    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buf in
            var done = 0
            while done < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 { if errno == EINTR { continue }; return }
                done += n
            }
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
