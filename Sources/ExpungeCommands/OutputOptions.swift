import ArgumentParser
import BlockIO
import Evidence
import Foundation
import Glibc
import Records
import Rendering
import Reports
import StorageModel

/// The formats of `expunge report`: the text formats Reports writes, and PDF (Rendering).
enum ReportFileFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, json, html, pdf

    /// The text format, or nil for PDF.
    var text: ReportFormat? { ReportFormat(rawValue: rawValue) }
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "csv, json, html or pdf.")
    var format: ReportFileFormat = .csv

    @Option(name: [.short, .long], help: "Write to this file instead of stdout.")
    var output: String?

    @Flag(name: .long, help: "CSV for Excel: start with a UTF-8 byte-order mark so accented names open correctly.")
    var excel = false

    @Option(name: .long, help: "Paper size of a PDF: a4 or letter (landscape).")
    var paper: Paper = .a4

    func validate() throws {
        if excel && format != .csv {
            throw ValidationError("--excel applies to CSV only (--format csv); \(format.rawValue) output is UTF-8 already")
        }
        if format == .pdf && output == nil && SystemCall.isTerminal(1) {
            throw ValidationError("a PDF is not written to a terminal: give --output FILE.pdf or redirect stdout")
        }
    }

    func write(_ text: String) async throws {
        try await stream { try $0(text) }
    }

    /// Writes a PDF to stdout or to `--output` (temporary file, then renamed).
    func write(pdf bytes: [UInt8]) throws {
        try OutputFile.write(bytes, to: output)
        if let output { Console.err("wrote \(output)") }
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
