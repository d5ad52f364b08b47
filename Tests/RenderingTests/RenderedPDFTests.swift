import Evidence
import Foundation
import Records
import Reports
@testable import Rendering
import StorageModel
import Testing
import TestSupport

/// Renders real signed certificates (the committed examples and fresh ones) and reads the PDFs
/// back with Debian's poppler-utils and zbar-tools: the text is there and searchable, every font
/// is embedded, the QR code decodes to exactly the expected text, the bytes are reproducible,
/// and a tampered document is refused. Skipped, with a message, when those tools are missing
/// (`Scripts/setup` installs them).
@Suite struct RenderedPDFTests {
    static let tools = ["pdftotext", "pdffonts", "pdftoppm", "zbarimg"]
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let available = tools.allSatisfy { tool($0) != nil }
    static let missingMessage = "needs \(tools.joined(separator: ", ")) (apt-get install poppler-utils zbar-tools)"

    static let examples = SchemaValidator.repositoryRoot.appendingPathComponent("Certificates")
    static func demoVerifier() throws -> DocumentVerifier {
        DocumentVerifier(trust: try TrustStore(pemFile: examples.appendingPathComponent("demo-trust-anchor.pem").path), registry: .expunge)
    }

    final class Scratch {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-pdf-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
    }

    static func run(_ tool: String, _ args: [String]) throws -> String {
        let r = try Shell.run(Self.tool(tool)!, args)
        guard r.status == 0 else { throw ShellError(command: "\(tool) \(args.joined(separator: " "))", output: r.stderr) }
        return r.stdout
    }

    /// The text `zbarimg` decodes from the first page, rendered at 150 dpi.
    static func decodeQR(_ pdf: String, scratch: Scratch) throws -> String {
        let prefix = scratch.directory.appendingPathComponent("page").path
        _ = try run("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", pdf, prefix])
        return try run("zbarimg", ["--raw", "-q", prefix + ".png"]).trimmingCharacters(in: .newlines)
    }

    /// `pdffonts` rows (after the two header lines): every font's `emb` column must be `yes`.
    static func fontsAllEmbedded(_ pdf: String) throws -> (Bool, Int) {
        let rows = try run("pdffonts", [pdf]).split(separator: "\n").dropFirst(2)
        let embedded = rows.allSatisfy { row in
            // name type... encoding emb sub uni object ID: emb is the 5th field from the end.
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count >= 6 && fields[fields.count - 5] == "yes"
        }
        return (embedded, rows.count)
    }

    @Test(.enabled(if: available, Comment(rawValue: missingMessage)), arguments: ["passed", "failed"])
    func committedExampleRendersSearchableEmbeddedAndScannable(_ name: String) throws {
        let scratch = try Scratch()
        let rendering = CertificateRendering(verifier: try Self.demoVerifier())
        let loaded = try rendering.load(Self.examples.appendingPathComponent("examples/\(name).json").path)
        let pdf = try scratch.write(try rendering.pdf([loaded]), "\(name).pdf")
        let text = try Self.run("pdftotext", [pdf, "-"])
        let c = loaded.certificate
        #expect(text.contains(c.certificateID))
        #expect(text.contains(c.assetID))
        #expect(text.contains(c.result.rawValue.uppercased()))
        #expect(text.contains(loaded.verified.sha256))
        #expect(text.contains(loaded.verified.signerFingerprint))
        let (embedded, count) = try Self.fontsAllEmbedded(pdf)
        #expect(count > 0 && embedded)
        #expect(try Self.decodeQR(pdf, scratch: scratch) == SHA256Digest.hex(try Data(contentsOf: Self.examples.appendingPathComponent("examples/\(name).json"))))
        #expect(try Self.run("pdfinfo", [pdf]).contains("Pages:           1"))
    }

    @Test(.enabled(if: available, Comment(rawValue: missingMessage)))
    func qrHoldsTheVerificationURLWithABase() throws {
        let scratch = try Scratch()
        let rendering = CertificateRendering(verifier: try Self.demoVerifier(), paper: .letter, verifyURL: "https://depot.example.com/")
        let loaded = try rendering.load(Self.examples.appendingPathComponent("examples/passed.json").path)
        let pdf = try scratch.write(try rendering.pdf([loaded]), "passed.pdf")
        #expect(try Self.decodeQR(pdf, scratch: scratch) == "https://depot.example.com/verify/\(loaded.certificate.certificateID)?sha256=\(loaded.verified.sha256)")
        #expect(try Self.run("pdfinfo", [pdf]).contains("612 x 792 pts (letter)"))
    }

    @Test(.enabled(if: available, Comment(rawValue: missingMessage)))
    func nonASCIINamesAreRealSelectableText() throws {
        let station = try TestStation()
        let entry = try station.certify(asset: "ŁÓDŹ-0001") { $0.customer = "Müller & Søn, Łódź" }
        let rendering = CertificateRendering(verifier: DocumentVerifier(trust: station.trust, registry: .expunge))
        let loaded = try rendering.load(entry.documentPath)
        let scratch = try Scratch()
        let pdf = try scratch.write(try rendering.pdf([loaded]), "fresh.pdf")
        let text = try Self.run("pdftotext", [pdf, "-"])
        #expect(text.contains("Müller & Søn, Łódź"))
        #expect(text.contains("ŁÓDŹ-0001"))
        #expect(try Self.fontsAllEmbedded(pdf).0)
    }

    @Test func theSameDocumentRendersToTheSameBytes() throws {
        let rendering = CertificateRendering(verifier: try Self.demoVerifier())
        let loaded = try rendering.load(Self.examples.appendingPathComponent("examples/passed.json").path)
        let a = try rendering.pdf([loaded]), b = try rendering.pdf([loaded])
        #expect(a == b)
        #expect(String(decoding: a.prefix(8), as: UTF8.self) == "%PDF-1.5")
        // The dates are the document's issued_at (the committed example's), never the clock.
        let issued = loaded.certificate.issuedAt.filter(\.isNumber)  // 2026-12-01T11:17:54Z → 20261201111754
        #expect(String(decoding: a, as: UTF8.self).contains("/CreationDate (\(issued)Z)"))
    }

    @Test func renderingOnEveryCoreGivesTheSameBytesAsOneByOne() throws {
        let rendering = CertificateRendering(verifier: try Self.demoVerifier())
        let paths = (0..<6).map { Self.examples.appendingPathComponent("examples/\($0 % 2 == 0 ? "passed" : "failed").json").path }
        let loaded = try rendering.loadAll(paths)
        let parallel = try rendering.pdfs(loaded)
        #expect(parallel == (try loaded.map { try rendering.pdf([$0]) }))
        #expect(parallel[0] == parallel[2] && parallel[1] == parallel[3] && parallel[0] != parallel[1])
    }

    @Test func aTamperedDocumentIsRefusedAndNothingRendered() throws {
        let scratch = try Scratch()
        var json = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("examples/passed.json")))
        let p7s = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("examples/passed.p7s")))
        let at = try #require(String(decoding: json, as: UTF8.self).range(of: "DEMO-ASSET-0001").map { json.count - String(decoding: json, as: UTF8.self)[$0.lowerBound...].utf8.count })
        json[at + 14] = UInt8(ascii: "9")
        let path = try scratch.write(json, "passed.json")
        _ = try scratch.write(p7s, "passed.p7s")
        let rendering = CertificateRendering(verifier: try Self.demoVerifier())
        #expect { try rendering.load(path) } throws: { e in
            (e as? ExpungeError)?.code == "document-not-verified" && (e as? ExpungeError)?.exitStatus == .badInput
        }
        // Without its signature, too.
        try FileManager.default.removeItem(atPath: scratch.directory.appendingPathComponent("passed.p7s").path)
        let untouched = try scratch.write(try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("examples/passed.json"))), "passed.json")
        #expect(throws: ExpungeError.self) { try rendering.load(untouched) }
    }

    @Test func theCommittedExamplePDFsAreCurrent() throws {
        let rendering = CertificateRendering(verifier: try Self.demoVerifier())
        for name in ["passed", "failed"] {
            let loaded = try rendering.load(Self.examples.appendingPathComponent("examples/\(name).json").path)
            let committed = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("examples/\(name).pdf")))
            #expect(try rendering.pdf([loaded]) == committed, "Certificates/examples/\(name).pdf is stale: run Scripts/check-example-pdfs --update")
        }
    }

    @Test(.enabled(if: available, Comment(rawValue: missingMessage)))
    func labelsCarryResultAssetAndAScannableCode() throws {
        let rendering = CertificateRendering(verifier: try Self.demoVerifier())
        let loaded = try rendering.load(Self.examples.appendingPathComponent("examples/failed.json").path)
        let label = LabelLayout.label(loaded.certificate, verified: loaded.verified, verifyURL: nil)
        #expect(label.tone == .failed)
        #expect(label.headline == "FAILED")
        let scratch = try Scratch()
        for stock in LabelStock.allCases {
            let pdf = try scratch.write(try LabelLayout.pdf([label], stock: stock, title: "t", date: loaded.certificate.issuedAt), "\(stock.rawValue).pdf")
            let text = try Self.run("pdftotext", [pdf, "-"])
            for want in ["FAILED", "Asset DEMO-ASSET-0002", "DEMO-DEPOT-000002", String(loaded.certificate.issuedAt.prefix(10))] { #expect(text.contains(want), "\(stock): \(want)") }
            #expect(try Self.decodeQR(pdf, scratch: scratch) == loaded.verified.sha256, "\(stock)")
        }
    }
}
