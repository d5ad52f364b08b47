import ArgumentParser
import Evidence
import Foundation
import Rendering
import StorageModel

extension Paper: ExpressibleByArgument {}

/// Options the certificate and label commands share: where the PDFs go, the depot URL for QR
/// codes, and the trust anchors documents are verified against before they are rendered.
struct PDFOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("A directory that exists (one PDF per document, named by its ID) or a file ending in .pdf (one PDF, a page per document). Default: the current directory.", valueName: "dir|file"))
    var output: String?

    @Option(name: .customLong("verify-url"), help: ArgumentHelp("The depot's base URL: QR codes then hold BASE/verify/<id>?sha256=<hex> (default: the SHA-256 alone).", valueName: "base"))
    var verifyURL: String?

    @Option(name: .long, help: "Trust anchors (PEM) documents must verify against (default: the station's own, $EXPUNGE_HOME/keys/trust.pem).")
    var trust: String?

    func validate() throws {
        if let u = verifyURL {
            guard let url = URL(string: u), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false,
                  url.query == nil, url.fragment == nil, !u.contains(where: \.isWhitespace) else {
                throw ValidationError("--verify-url must be an http(s) URL without query or fragment, e.g. https://depot.example.com")
            }
        }
        if let o = output, o.isEmpty { throw ValidationError("--output is empty: name a directory or a file ending in .pdf") }
    }

    /// The verifier: `--trust`, else the station's own trust anchor.
    func verifier(home: ExpungeHome) throws -> DocumentVerifier {
        if let trust { return DocumentVerifier(trust: try TrustStore(pemFile: trust), registry: .expunge) }
        guard let local = StationKeyStore(home: home).localTrust() else {
            throw ExpungeError(.usage, "no trust anchor to verify the documents against",
                               remedy: "pass --trust ca.pem (the CA or station certificate the documents chain to)")
        }
        return DocumentVerifier(trust: local, registry: .expunge)
    }

    /// Where the PDFs go.
    enum Target {
        /// One PDF per document in this directory.
        case directory(String)
        /// One PDF holding every document.
        case file(String)
    }

    func target() throws -> Target {
        guard let output else { return .directory(".") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue { return .directory(output) }
        if output.lowercased().hasSuffix(".pdf") { return .file(output) }
        throw ExpungeError(.usage, "\(DisplayString.sanitize(output) ?? "?") is neither a directory that exists nor a file ending in .pdf",
                           remedy: "create the directory first, or name the PDF file (…/name.pdf)")
    }

    /// A file name from a document ID: characters other than letters, digits, `.`, `-` and `_` become `_`.
    static func fileName(_ id: String, suffix: String = "") -> String {
        CertificatePaperwork.fileName(id) + suffix + ".pdf"
    }

    static func path(_ directory: String, _ name: String) -> String { directory == "." ? name : (directory as NSString).appendingPathComponent(name) }

    /// Writes a PDF atomically (temporary file, fsync, rename).
    static func write(_ bytes: [UInt8], to path: String) throws {
        try OutputFile.write(bytes, to: path)
    }
}
