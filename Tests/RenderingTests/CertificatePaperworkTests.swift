import Evidence
import Foundation
@testable import Rendering
import Station
import StorageModel
import Testing
import TestSupport

/// The station console's printer: what `CertificatePaperwork` writes into `$EXPUNGE_HOME/pdf/`
/// for a freshly signed certificate, and what it refuses.
@Suite struct CertificatePaperworkTests {
    @Test func theStationsPaperAndLabelNamesAreTheRenderersOwn() {
        #expect(BayPaperwork.papers == Paper.allCases.map(\.rawValue))
        #expect(BayPaperwork.labelStocks == LabelStock.allCases.map(\.rawValue))
    }

    @Test(.enabled(if: RenderedPDFTests.available, Comment(rawValue: RenderedPDFTests.missingMessage)))
    func aWrittenCertificateGetsItsPDFAndLabelInThePDFDirectory() throws {
        let station = try TestStation()
        let entry = try station.certify(asset: "LAP-Łódź-7")
        let printer = CertificatePaperwork(verifier: DocumentVerifier(trust: station.trust, registry: .expunge), directory: station.home.pdfDirectory)
        let files = try printer.write(documentPath: entry.documentPath, sha256: entry.sha256, paper: .letter, label: .roll62x29mm,
                                      verifyURL: "https://depot.example.com")
        #expect(files == [station.home.pdfDirectory + "/\(entry.id).pdf", station.home.pdfDirectory + "/\(entry.id)-label.pdf"])
        let scratch = try RenderedPDFTests.Scratch()
        for file in files {
            let text = try RenderedPDFTests.run("pdftotext", [file, "-"])
            #expect(text.contains(entry.id), "\(file)")
            #expect(text.contains("LAP-Łódź-7"), "\(file)")
            #expect(try RenderedPDFTests.decodeQR(file, scratch: scratch) == "https://depot.example.com/verify/\(entry.id)?sha256=\(entry.sha256)")
        }
        // Only what is asked for.
        let labelOnly = CertificatePaperwork(verifier: printer.verifier, directory: station.home.root + "/labels")
        #expect(try labelOnly.write(documentPath: entry.documentPath, sha256: entry.sha256, paper: nil, label: .a4Sheet, verifyURL: nil)
                == [station.home.root + "/labels/\(entry.id)-label.pdf"])
    }

    @Test func aCertificateThatIsNotTheOneWrittenIsNeverPrinted() throws {
        let station = try TestStation()
        let entry = try station.certify()
        let printer = CertificatePaperwork(verifier: DocumentVerifier(trust: station.trust, registry: .expunge), directory: station.home.pdfDirectory)
        // The ledger entry's hash does not match the file.
        #expect(throws: ExpungeError.self) {
            try printer.write(documentPath: entry.documentPath, sha256: String(repeating: "0", count: 64), paper: .a4, label: nil, verifyURL: nil)
        }
        // The file was changed after signing: it no longer verifies.
        var json = try String(contentsOfFile: entry.documentPath, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"passed\"", with: "\"failed\"")
        try json.write(toFile: entry.documentPath, atomically: true, encoding: .utf8)
        #expect(throws: ExpungeError.self) {
            try printer.write(documentPath: entry.documentPath, sha256: entry.sha256, paper: .a4, label: .roll62x29mm, verifyURL: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: station.home.pdfDirectory + "/\(entry.id).pdf"))
        #expect(!FileManager.default.fileExists(atPath: station.home.pdfDirectory + "/\(entry.id)-label.pdf"))
    }
}
