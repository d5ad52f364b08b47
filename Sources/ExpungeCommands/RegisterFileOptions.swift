import ArgumentParser
import Records
import StorageModel

extension CSVTable.Delimiter: ExpressibleByArgument {}
extension RegisterEncoding: ExpressibleByArgument {}

/// The CSV file of an import command (`asset import`, `customer import`) and how to read it.
struct RegisterFileOptions: ParsableArguments {
    @Argument(help: "The CSV file.")
    var file: String

    @Option(name: .long, help: "comma, semicolon or tab (default: detected from the header line).")
    var delimiter: CSVTable.Delimiter?

    @Option(name: .long, help: "utf-8 (default), windows-1252 or latin-1.")
    var encoding: RegisterEncoding = .utf8

    /// The file's name as messages show it.
    var shownName: String { DisplayString.sanitize(file) ?? "?" }

    /// The file's text (`RegisterFile.text`: bounded, decoded, refused with the remedy).
    func text() throws -> String { try RegisterFile.text(file, encoding: encoding) }
}
