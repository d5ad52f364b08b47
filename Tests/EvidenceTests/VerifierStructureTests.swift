import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

@Suite("Verifier structure: canonical encoding, registry, bytes, summaries, findings")
struct VerifierStructureTests {
    @Test func canonicalEncodingKeepsTheBytesOfTheSignedExamples() throws {
        for name in ["passed", "failed"] {
            let path = SchemaValidator.schema("Certificates/examples/\(name).json")
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
            let certificate = try JSONDecoder().decode(WipeCertificate.self, from: Data(bytes))
            #expect(try CanonicalJSON.encode(certificate) == bytes, "\(name).json re-encodes to its own bytes")
            #expect(try certificate.encoded() == bytes)
        }
    }

    @Test func bytesVerifyExactlyAsFiles() throws {
        let station = try TestStation()
        let entry = try station.certify()
        let document = [UInt8](try #require(FileManager.default.contents(atPath: entry.documentPath)))
        let signature = [UInt8](try #require(FileManager.default.contents(atPath: entry.signaturePath)))
        let verifier = DocumentVerifier(trust: station.trust)
        var fromBytes = verifier.verify(document: document, signature: signature, name: entry.documentPath)
        #expect(fromBytes.isValid, "\(fromBytes.problems)")
        #expect(fromBytes == verifier.verifyDocument(at: entry.documentPath))
        var altered = document
        altered[altered.count / 2] ^= 1
        fromBytes = verifier.verify(document: altered, signature: signature)
        #expect(!fromBytes.isValid && fromBytes.path == "document")
        let report = verifier.report(for: [verifier.verify(document: document, signature: signature, name: "upload-1")])
        #expect(report.isValid && report.chains.count == 1)
    }

    @Test func theRegistryDecidesWhichTypesAndVersionsAreAccepted() throws {
        let station = try TestStation()
        let entry = try station.ledger.append(station: "TEST-ST", make: { p in
            Array(#"{"document_type":"note","schema_version":1,"sequence":\#(p.sequence),"station":{"name":"TEST-ST"}}"#.utf8)
        }, sign: { try station.signer.sign($0) })
        #expect(DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath).problems == ["unknown document_type \"note\""])
        let note = SignedDocumentType(documentType: "note", schemaVersions: [2], idKey: nil) { _ in DocumentCheck(problems: [], facts: nil) }
        #expect(DocumentVerifier(trust: station.trust, registry: .core.adding(note)).verifyDocument(at: entry.documentPath).problems
                == ["unsupported schema_version 1"])
        let noteV1 = SignedDocumentType(documentType: "note", schemaVersions: [1], idKey: nil) { _ in DocumentCheck(problems: ["rule ran"], facts: nil) }
        #expect(DocumentVerifier(trust: station.trust, registry: .core.adding(noteV1)).verifyDocument(at: entry.documentPath).problems == ["rule ran"])
        let v6 = try station.certify { $0.schemaVersion = 6 }
        #expect(DocumentVerifier(trust: station.trust).verifyDocument(at: v6.documentPath).problems == ["unsupported schema_version 6"])
    }

    // MARK: summaries (Truth item 15)

    func text(_ report: VerificationReport) -> String {
        VerificationReportText.lines(report, verbose: true).map(\.text).joined(separator: "\n")
    }

    @Test func continuousOnlyForAWholeLedgerUpToItsHead() throws {
        let station = try TestStation()
        for _ in 0..<3 { try station.certify() }
        let verifier = DocumentVerifier(trust: station.trust)
        let whole = verifier.verify(paths: [station.home.ledger])
        #expect(whole.chains.first?.isContinuous == true && text(whole).contains("documents: continuous"), "\(text(whole))")
        // The same documents without the recorded head: contiguous, but nothing says they end there.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-copy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for n in 1...3 {
            for ext in ["json", "p7s"] {
                try FileManager.default.copyItem(atPath: station.home.ledger + "/TEST-ST-00000\(n).\(ext)", toPath: copy + "/TEST-ST-00000\(n).\(ext)")
            }
        }
        let loose = verifier.verify(paths: [copy])
        #expect(loose.isValid && loose.chains.first?.isContinuous == false, "\(loose.chains)")
        #expect(!text(loose).contains(": continuous") && text(loose).contains("contiguous (no recorded ledger head"), "\(text(loose))")
        // A selection (evidence pack) is never "continuous".
        try FileManager.default.removeItem(atPath: copy + "/TEST-ST-000002.json")
        try FileManager.default.removeItem(atPath: copy + "/TEST-ST-000002.p7s")
        var selection = DocumentVerifier(trust: station.trust, allowGaps: true).verify(paths: [copy])
        selection.chains[0].recordedHead = 3
        #expect(text(selection).contains("selection of 2 documents out of 1..3") && !text(selection).contains("continuous"), "\(text(selection))")
    }

    @Test func allValidOnlyWhenNoDocumentFailed() throws {
        let station = try TestStation()
        try station.certify()
        let bad = try station.certify { $0.verification.mismatchedBlocks = 1 }
        let report = DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger])
        let summary = VerificationReportText.summary(report)
        #expect(!summary.text.contains("all valid") && summary.text.contains("1 valid, 1 invalid") && summary.tone == .bad, "\(summary.text)")
        #expect(report.documents.contains { $0.path == bad.documentPath && !$0.isValid })
        #expect(report.chains.allSatisfy { $0.isValid }, "the chain itself is intact")
    }

    // MARK: findings (Truth item 13)

    @Test func oneDeviceUnderTwoAssetsIsAFindingNotAFailure() throws {
        let station = try TestStation()
        try station.certify(asset: "ASSET-1")
        try station.certify(asset: "ASSET-2")
        let report = DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger])
        #expect(report.isValid, "findings are not signature failures")
        #expect(report.findings.map(\.code) == ["device-under-two-assets"], "\(report.findings)")
        #expect(report.passes(strict: false) && !report.passes(strict: true))
        #expect(text(report).contains("Findings (1") && text(report).contains("[device-under-two-assets]"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"findings\":[{") && json.contains("device-under-two-assets"))
    }
}
