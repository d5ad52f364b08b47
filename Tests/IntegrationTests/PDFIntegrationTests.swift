import Foundation
import StorageModel
import Testing
import TestSupport

/// PDFs of fresh certificates from loop-device wipes, through the `expunge` executable, read back
/// with poppler-utils and zbar-tools (skipped without them, or when not root).
@Suite("PDF certificates, summaries, labels and report PDFs through the CLI", .enabled(if: Privileges.isRoot, Privileges.reason))
struct PDFIntegrationTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let toolsPresent = ["pdftotext", "pdftoppm", "zbarimg"].allSatisfy { tool($0) != nil }

    static func run(_ name: String, _ args: [String]) throws -> String {
        let r = try Shell.run(tool(name)!, args)
        guard r.status == 0 else { throw ShellError(command: name, output: r.stderr) }
        return r.stdout
    }

    @Test(.enabled(if: toolsPresent, "needs poppler-utils and zbar-tools"))
    func freshCertificatesRenderAndCheckBackAgainstTheirRecords() async throws {
        let home = try StationHome()
        #expect(try home.expunge(["customer", "add", "LODZ-MUELLER", "--name", "Łódź Müller Sp. z o.o.", "--country", "PL"]).status == 0)
        try await ScratchLoopDevice.with(size: .mebibytes(16)) { loop in
            let wipe = try home.expunge(["wipe", loop.path, "--asset", "PDF-1", "--customer", "LODZ-MUELLER", "--pattern", "zero",
                                         "--yes", "--progress", "none"])
            #expect(wipe.status == 0, "\(wipe.stderr)")
        }
        let file = try #require(try home.certificateFiles().first)
        let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let sha = try #require(SHA256Hex.of(file))
        let out = home.root + "/pdf"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

        let made = try home.expunge(["certificate", "pdf", file, "-o", out, "--verify-url", "https://depot.example.com", "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        let pdf = out + "/\(id).pdf"
        let text = try Self.run("pdftotext", [pdf, "-"])
        for want in [id, "PDF-1", "PASSED", sha, "Łódź Müller Sp. z o.o. (LODZ-MUELLER)"] { #expect(text.contains(want), "\(want)") }
        _ = try Self.run("pdftoppm", ["-png", "-r", "150", "-singlefile", pdf, out + "/page"])
        #expect(try Self.run("zbarimg", ["--raw", "-q", out + "/page.png"]).trimmingCharacters(in: .newlines)
                == "https://depot.example.com/verify/\(id)?sha256=\(sha)")

        #expect(try home.expunge(["certificate", "pdf", "--asset", "PDF-1", "-o", out]).status == 0)
        #expect(try Self.run("pdftotext", [out + "/PDF-1-summary.pdf", "-"]).contains("ALL 1 DEVICE PASSED"))
        #expect(try home.expunge(["label", "PDF-1", "-o", out]).status == 0)
        #expect(try Self.run("pdftotext", [out + "/PDF-1-label.pdf", "-"]).contains(id))
        for report in ["batch", "gdpr", "csrd"] {
            let r = try home.expunge(["report", report, "--format", "pdf", "-o", out + "/\(report).pdf"])
            #expect(r.status == 0, "\(report): \(r.stderr)")
        }
        #expect(try Self.run("pdftotext", [out + "/batch.pdf", "-"]).contains("1 attempt on 1 device of 1 asset: 1 passed"))

        // A changed record is refused and nothing is written.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file))
        try FileManager.default.removeItem(atPath: pdf)
        let refused = try home.expunge(["certificate", "pdf", file, "-o", out])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("does not verify, so it is not rendered"))
        #expect(!FileManager.default.fileExists(atPath: pdf))
    }
}

/// SHA-256 of a file, lower-case hex, with the system's sha256sum.
enum SHA256Hex {
    static func of(_ path: String) -> String? {
        guard let r = try? Shell.run("/usr/bin/sha256sum", [path]), r.status == 0 else { return nil }
        return r.stdout.split(separator: " ").first.map(String.init)
    }
}
