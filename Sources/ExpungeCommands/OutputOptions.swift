import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "csv, json or html.")
    var format: ReportFormat = .csv

    @Option(name: [.short, .long], help: "Write to this file instead of stdout.")
    var output: String?

    @Flag(name: .long, help: "CSV for Excel: start with a UTF-8 byte-order mark so accented names open correctly.")
    var excel = false

    func validate() throws {
        if excel && format != .csv {
            throw ValidationError("--excel applies to CSV only (--format csv); \(format.rawValue) output is UTF-8 already")
        }
    }

    func write(_ text: String) async throws {
        try await stream { try $0(text) }
    }

    /// Streams a report to stdout or to `--output` (written to a temporary file, then renamed).
    func stream(_ produce: ((String) throws -> Void) async throws -> Void) async throws {
        let file = try OutputFile(path: output)
        do {
            if excel { try file.write(Self.byteOrderMark) }
            try await produce { try file.write($0) }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        if let output { Console.err("wrote \(output)") }
    }

    /// U+FEFF in UTF-8: how Excel recognises a UTF-8 CSV file.
    static let byteOrderMark = "\u{FEFF}"
}
