import ArgumentParser
import Evidence
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

    /// The file's text: at most `DocumentLimits.maxRegisterBytes`, decoded from `encoding`;
    /// an unreadable or undecodable file is refused naming it, with the remedy.
    func text() throws -> String {
        let name = shownName
        let bytes: [UInt8]
        switch BoundedFile.read(file, limit: DocumentLimits.maxRegisterBytes) {
        case .success(let b): bytes = b
        case .failure(let f): throw ExpungeError(.badInput, code: "register-unreadable", "cannot import \(name): \(f)",
                                                 remedy: "check the path; split a register larger than \(BoundedFile.describe(DocumentLimits.maxRegisterBytes))")
        }
        guard let text = encoding.decode(bytes) else {
            throw ExpungeError(.badInput, code: "register-encoding", "\(name) is not valid \(encoding.rawValue) text",
                               remedy: encoding == .utf8 ? "pass --encoding windows-1252 (or latin-1) for a legacy spreadsheet export, or export as CSV UTF-8"
                                                         : "check the export's encoding; try --encoding utf-8 or latin-1")
        }
        return text
    }
}
