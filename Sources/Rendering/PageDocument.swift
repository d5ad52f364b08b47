/// What a rendered document says, before any drawing: a title, blocks of fields and tables in
/// reading order, and a footer repeated at the bottom of every page. The layouts
/// (`CertificateLayout`, `AssetSummaryLayout`, `BatchReportLayout`, `ReportLayout`) build one from
/// verified documents or report figures; `PDFRenderer` draws it. Tests read the model, not the PDF.
public struct PageDocument: Sendable, Hashable {
    /// The PDF's title metadata.
    public var title: String
    /// RFC 3339 UTC; the PDF's creation and modification dates (the document's own date, never
    /// the clock, so the same input renders to the same bytes).
    public var date: String
    public var pageSize: PageSize
    public var blocks: [Block]
    public var footer: Footer?
    /// Shrink the whole page uniformly (down to `PageDocument.smallestScale`) rather than flow onto
    /// a second page: a certificate is one sheet. Content that does not fit even then flows on.
    public var shrinksToOnePage: Bool

    /// The smallest uniform scale a one-page document is drawn at (7.5 pt text becomes 6 pt).
    public static let smallestScale = 0.8

    public init(title: String, date: String, pageSize: PageSize, blocks: [Block], footer: Footer? = nil, shrinksToOnePage: Bool = false) {
        self.title = title
        self.date = date
        self.pageSize = pageSize
        self.blocks = blocks
        self.footer = footer
        self.shrinksToOnePage = shrinksToOnePage
    }

    /// Every section, in order (a convenience for callers and tests).
    public var sections: [Section] {
        blocks.compactMap { if case .section(let s) = $0 { s } else { nil } }
    }

    /// The section titled `title`, if present.
    public func section(_ title: String) -> Section? { sections.first { $0.title == title } }

    /// All the text of the document in reading order (what a text extraction should find).
    public var plainText: String {
        var lines: [String] = []
        for b in blocks {
            switch b {
            case .title(let t, let sub): lines += [t] + (sub.map { [$0] } ?? [])
            case .banner(let h, let d, _): lines += [h] + (d.map { [$0] } ?? [])
            case .section(let s): lines.append(s.title); lines += s.fields.map { "\($0.label): \($0.value)" }
            case .table(let t): lines.append(t.headers.joined(separator: " | ")); lines += t.rows.map { $0.map(\.text).joined(separator: " | ") }
            case .paragraph(let p, _): lines.append(p)
            }
        }
        if let footer { lines += footer.lines }
        return lines.joined(separator: "\n")
    }
}

/// One block of a page, drawn in order; a block that does not fit moves to the next page
/// (sections and tables break between rows; a table repeats its header).
public enum Block: Sendable, Hashable {
    case title(String, subtitle: String?)
    /// The result, in words and colour.
    case banner(headline: String, detail: String?, tone: Tone)
    case section(Section)
    case table(Table)
    case paragraph(String, small: Bool)
}

/// A titled list of label–value rows.
public struct Section: Sendable, Hashable {
    public var title: String
    public var fields: [Field]

    public init(_ title: String, _ fields: [Field]) {
        self.title = title
        self.fields = fields
    }

    public func field(_ label: String) -> Field? { fields.first { $0.label == label } }
}

public struct Field: Sendable, Hashable {
    public var label: String
    public var value: String
    /// Coloured when the row is itself a result or a warning.
    public var tone: Tone
    /// Hashes, keys and command encodings, in a monospaced font.
    public var monospaced: Bool

    public init(_ label: String, _ value: String, tone: Tone = .neutral, monospaced: Bool = false) {
        self.label = label
        self.value = value
        self.tone = tone
        self.monospaced = monospaced
    }
}

/// Columns with relative widths; the header repeats on every page the table spans.
public struct Table: Sendable, Hashable {
    public var headers: [String]
    public var widths: [Double]
    public var rows: [[Cell]]
    /// Rows shaded as totals (after the body).
    public var totals: [[Cell]]

    public init(headers: [String], widths: [Double], rows: [[Cell]], totals: [[Cell]] = []) {
        precondition(headers.count == widths.count)
        self.headers = headers
        self.widths = widths
        self.rows = rows
        self.totals = totals
    }
}

public struct Cell: Sendable, Hashable, ExpressibleByStringLiteral {
    public var text: String
    public var tone: Tone
    public var monospaced: Bool

    public init(_ text: String, tone: Tone = .neutral, monospaced: Bool = false) {
        self.text = text
        self.tone = tone
        self.monospaced = monospaced
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// The part of a page that ties it back to the signed record: the record's SHA-256, the signer
/// certificate's fingerprint, a QR code, and how to check them.
public struct Footer: Sendable, Hashable {
    /// Label–value lines printed in a monospaced font (hashes).
    public var facts: [Field]
    /// What the QR code holds (a verification URL, or the SHA-256 alone).
    public var qrText: String?
    public var instructions: String

    public init(facts: [Field], qrText: String?, instructions: String) {
        self.facts = facts
        self.qrText = qrText
        self.instructions = instructions
    }

    var lines: [String] { facts.map { "\($0.label): \($0.value)" } + [instructions] + (qrText.map { ["QR: \($0)"] } ?? []) }
}
