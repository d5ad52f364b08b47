import Evidence
import Records
import StorageModel

/// Reads a register export (assets, customers) for an import command: bounded in size, decoded
/// from the encoding asked for, with an error naming the file and the remedy.
enum RegisterFile {
    static func text(_ file: String, encoding: RegisterEncoding) throws -> String {
        let name = DisplayString.sanitize(file) ?? "?"
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
