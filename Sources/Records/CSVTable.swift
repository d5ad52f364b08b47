import StorageModel

/// RFC 4180 CSV: reading with the line number of every record (for error messages), and writing
/// that is safe to open in a spreadsheet. Hand-written rather than a package because the error
/// reports need the physical line each record starts on, which the available readers do not give.
public enum CSVTable {
    /// One record and the 1-based line it starts on.
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The longest field accepted, in UTF-8 bytes (documented in Docs/compliance.md). No field of
    /// an asset register (ID, serial, model, customer…) comes near it.
    public static let maxFieldBytes = 4096
    /// The longest record (one row, with its separators and quotes), in bytes.
    public static let maxRecordBytes = 65536

    /// The field separator. Registers exported by spreadsheets in much of Europe use `;`
    /// (the comma is the decimal separator there); some tools export tabs.
    public enum Delimiter: String, Sendable, CaseIterable {
        case comma, semicolon, tab

        public var byte: UInt8 {
            switch self {
            case .comma: UInt8(ascii: ",")
            case .semicolon: UInt8(ascii: ";")
            case .tab: UInt8(ascii: "\t")
            }
        }

        /// The separator of the file's first line (its header), counted outside quotes: the
        /// most frequent of comma, semicolon and tab; comma when there is none.
        public static func detect(in text: String) -> Delimiter {
            var counts: [Delimiter: Int] = [:]
            var inQuotes = false
            for b in text.utf8 {
                if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
                if inQuotes { continue }
                if b == UInt8(ascii: "\n") { break }
                if let d = allCases.first(where: { $0.byte == b }) { counts[d, default: 0] += 1 }
            }
            return counts.max { a, b in a.value < b.value || (a.value == b.value && a.key != .comma) }?.key ?? .comma
        }
    }

    /// Parses `text` (`\n` or `\r\n` line ends, a leading BOM ignored), fields separated by
    /// `delimiter`. Quoted fields may contain the delimiter, quotes (doubled) and line breaks.
    /// Blank lines are skipped. A field longer than `maxFieldBytes` or a record longer than
    /// `maxRecordBytes` ends parsing with an error naming its line, before more of it is held in
    /// memory.
    public static func parse(_ text: String, delimiter: Delimiter = .comma) throws(ParseError) -> [Record] {
        let separator = delimiter.byte
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        var recordStart = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            if field.count > maxFieldBytes {
                throw ParseError(line: recordLine, message: "a field is longer than \(maxFieldBytes) bytes (the maximum)")
            }
            if i - recordStart > maxRecordBytes {
                throw ParseError(line: recordLine, message: "a record is longer than \(maxRecordBytes) bytes (the maximum)")
            }
            let c = bytes[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    inQuotes = false
                } else {
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                guard field.isEmpty && !fieldWasQuoted else {
                    throw ParseError(line: line, message: "a quote inside an unquoted field (quote the whole field and double inner quotes)")
                }
                inQuotes = true
                fieldWasQuoted = true
            case separator:
                endField()
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"):
                endRecord()
                line += 1
                recordLine = line
                recordStart = i + 1
            default:
                if fieldWasQuoted { throw ParseError(line: line, message: "text after a closing quote") }
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: recordLine, message: "a quoted field is not closed") }
        if field.count > maxFieldBytes {
            throw ParseError(line: recordLine, message: "a field is longer than \(maxFieldBytes) bytes (the maximum)")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// One CSV line (no line end): fields quoted when they contain a comma, quote or line break,
    /// and **neutralised** when a spreadsheet would take them for a formula: a cell starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe (OWASP CSV injection).
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",")
    }

    public static func cell(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { v = "'" + v }
        if v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.hasPrefix("'") {
            return "\"" + v.replacingAll("\"", with: "\"\"") + "\""
        }
        return v
    }

    /// A whole document: header and rows, CRLF line ends (RFC 4180), UTF-8.
    public static func document(header: [String], rows: [[String]]) -> String {
        ([line(header)] + rows.map(line)).joined(separator: "\r\n") + "\r\n"
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
