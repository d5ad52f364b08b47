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

    func write(_ text: String) async throws {
        try await stream { try $0(text) }
    }

    /// Streams a report to stdout or to `--output` (written to a temporary file, then renamed).
    func stream(_ produce: ((String) throws -> Void) async throws -> Void) async throws {
        let file = try OutputFile(path: output)
        do {
            try await produce { try file.write($0) }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        if let output { Console.err("wrote \(output)") }
    }
}
