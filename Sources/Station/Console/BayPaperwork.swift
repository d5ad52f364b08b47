import Evidence
import StorageModel

/// What the console prints when a bay's certificate has been written: the certificate as a PDF,
/// a label, or both, into `$EXPUNGE_HOME/pdf/`. A profile option in `station.json`:
///
///     "paperwork": { "pdf": "a4", "label": "62x29mm", "verify_url": "https://depot.example.com" }
///
/// Only a certificate that was written is printed, and only after it verifies (the writer renders
/// from the signed file, never from the attempt in memory). An attempt without a certificate has no
/// paperwork: the console says NO CERTIFICATE instead.
public struct BayPaperwork: Codable, Sendable, Hashable {
    /// Paper of the certificate PDF (`a4`, `letter`); nil: no certificate PDF.
    public var pdf: String?
    /// Label stock (`62x29mm`, `a4-sheet`); nil: no label.
    public var label: String?
    /// The depot's base URL for the QR codes; nil: the codes hold the SHA-256 alone.
    public var verifyURL: String?

    /// The values the renderer knows (`Paper` and `LabelStock` in Rendering, which this module
    /// does not link; a test keeps the lists equal).
    public static let papers = ["a4", "letter"]
    public static let labelStocks = ["62x29mm", "a4-sheet"]

    public init(pdf: String? = nil, label: String? = nil, verifyURL: String? = nil) {
        self.pdf = pdf
        self.label = label
        self.verifyURL = verifyURL
    }

    enum CodingKeys: String, CodingKey {
        case pdf, label
        case verifyURL = "verify_url"
    }

    /// Whether there is anything to print.
    public var isEmpty: Bool { pdf == nil && label == nil }

    /// Why these settings cannot be used, if they cannot.
    public var problem: String? {
        if let pdf, !Self.papers.contains(pdf) { return "paperwork \"pdf\" must be one of \(Self.papers.joined(separator: ", ")), not \"\(pdf)\"" }
        if let label, !Self.labelStocks.contains(label) {
            return "paperwork \"label\" must be one of \(Self.labelStocks.joined(separator: ", ")), not \"\(label)\""
        }
        if let u = verifyURL, !(u.hasPrefix("https://") || u.hasPrefix("http://")) || u.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) {
            return "paperwork \"verify_url\" must be an http(s) URL without query or fragment, e.g. https://depot.example.com"
        }
        return nil
    }
}

/// Prints a certified attempt's paperwork. The station command supplies one built on the PDF
/// renderer; tests use a recording fake.
public protocol PaperworkWriter: Sendable {
    /// Verifies `certificate`'s signed file and writes what `paperwork` asks for; returns the
    /// files written.
    func write(_ certificate: LedgerEntry, _ paperwork: BayPaperwork) async throws -> [String]
}

extension ExpungeHome {
    /// Where the station console writes certificate PDFs and labels.
    public var pdfDirectory: String { root + "/pdf" }
}
