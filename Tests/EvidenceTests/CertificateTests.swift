import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

@Suite("Signed certificates: signing, verification, tampering")
struct CertificateTests {
    @Test func signedCertificateVerifies() throws {
        let station = try TestStation()
        let entry = try station.certify()
        let report = DocumentVerifier(trust: station.trust).verify(paths: [entry.documentPath])
        #expect(report.isValid, "\(report.documents.map(\.problems))")
        #expect(report.documents.first?.documentID == "TEST-ST-000001")
        #expect(report.documents.first?.signer == "CN=TEST-ST,O=Test Org")
    }

    @Test func passKeyFieldsNameTheirCipherAndRoundTrip() throws {
        // As versions 1 to 4 wrote a pass (and a journal written by them holds it).
        let old = #"{"index":1,"pattern":"random","aes_256_ctr_key":"\#(String(repeating: "ab", count: 32))","aes_256_ctr_iv":"\#(String(repeating: "cd", count: 16))","bytes_written":512,"completed":true,"flushed":true,"started_at":"2026-01-01T00:00:00Z","ended_at":null,"duration_seconds":null,"unwritable_ranges":[]}"#
        let decoded = try JSONDecoder().decode(PassRecord.self, from: Data(old.utf8))
        #expect(decoded.cipher == .aes256CTR && decoded.aesKey?.count == 64)
        let again = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded)) as? [String: Any]
        #expect(again?["aes_256_ctr_key"] as? String == decoded.aesKey && again?["aes_128_ctr_key"] == nil, "written back as it was read")
        // A new zero pass carries the version 5 fields, null.
        let zero = PassRecord(index: 1, pattern: "zero", startedAt: "2026-01-01T00:00:00Z")
        let fields = try JSONSerialization.jsonObject(with: JSONEncoder().encode(zero)) as? [String: Any] ?? [:]
        #expect(fields["aes_128_ctr_key"] is NSNull && fields["aes_128_ctr_iv"] is NSNull && fields["aes_256_ctr_key"] == nil)
        #expect(try JSONDecoder().decode(PassRecord.self, from: JSONEncoder().encode(zero)) == zero)
    }

    @Test(arguments: [WipeResult.failed, .aborted, .interrupted, .unverified])
    func nonPassingResultsAreSignedAndVerifyToo(result: WipeResult) throws {
        let station = try TestStation()
        let entry = try station.certify(TestStation.outcome(result))
        let report = DocumentVerifier(trust: station.trust).verify(paths: [entry.documentPath])
        #expect(report.isValid, "\(report.documents.map(\.problems))")
        #expect(report.documents.first?.result == result.rawValue)
    }

    @Test func interruptedPurgeKeepsItsTechniqueAndItsMethod() throws {
        var o = TestStation.outcome(.interrupted)
        o.technique = .firmware(.nvmeFormatUserDataErase)
        o.level = .purge
        o.passes = []
        let c = WipeCertificate(outcome: o, position: LedgerPosition(station: "S", sequence: 1, previousSHA256: nil, issuedAt: o.endedAt),
                                station: StationInfo(name: "S", organization: "O", location: nil, hostname: "h"), operatorID: nil,
                                assetID: "A", customer: nil, tool: TestStation.tool)
        #expect(c.sanitization.technique == .firmware(.nvmeFormatUserDataErase) && c.sanitization.method == .blockErase)
        #expect(c.sanitization.commands == ["the process ended before its commands were recorded: whether a firmware command was sent is not known"],
                "no overwrite commands claimed for a purge, and no firmware command either")
    }

    @Test func everyFlippedByteIsRejected() throws {
        let station = try TestStation()
        let entry = try station.certify()
        let original = try #require(FileManager.default.contents(atPath: entry.documentPath))
        let verifier = DocumentVerifier(trust: station.trust)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-flip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = dir.appendingPathComponent("doc.json").path
        try FileManager.default.copyItem(atPath: entry.signaturePath, toPath: dir.appendingPathComponent("doc.p7s").path)
        var accepted: [Int] = []
        for i in 0..<original.count {
            var bytes = original
            bytes[i] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: doc))
            if verifier.verifyDocument(at: doc).isValid { accepted.append(i) }
        }
        #expect(accepted.isEmpty, "byte positions accepted after a flip: \(accepted.prefix(10))")
    }

    @Test func flippedSignatureBytesAreRejected() throws {
        let station = try TestStation()
        let entry = try station.certify()
        let signature = try #require(FileManager.default.contents(atPath: entry.signaturePath))
        let verifier = DocumentVerifier(trust: station.trust)
        var accepted: [Int] = []
        // Every byte position, high and low bit (the version fields were once accepted this way).
        for i in 0..<signature.count {
            for bit: UInt8 in [0x80, 0x01] {
                var bytes = signature
                bytes[i] ^= bit
                try bytes.write(to: URL(fileURLWithPath: entry.signaturePath))
                if verifier.verifyDocument(at: entry.documentPath).isValid { accepted.append(i) }
            }
        }
        try signature.write(to: URL(fileURLWithPath: entry.signaturePath))
        #expect(accepted.isEmpty, "signature byte positions accepted after a flip: \(accepted)")
    }

    @Test func swappedSignatureIsRejected() throws {
        let station = try TestStation()
        let a = try station.certify(asset: "A")
        let b = try station.certify(asset: "B")
        let sigA = try #require(FileManager.default.contents(atPath: a.signaturePath))
        try sigA.write(to: URL(fileURLWithPath: b.signaturePath))
        let v = DocumentVerifier(trust: station.trust).verifyDocument(at: b.documentPath)
        #expect(!v.isValid)
        #expect(v.problems.contains { $0.contains("does not match the document") }, "\(v.problems)")
    }

    @Test func untrustedSignerIsRejected() throws {
        let station = try TestStation()
        let other = try TestStation(name: "TEST-ST")
        let entry = try station.certify()
        let v = DocumentVerifier(trust: other.trust).verifyDocument(at: entry.documentPath)
        #expect(!v.isValid)
        #expect(v.problems.contains { $0.contains("not trusted") })
    }

    @Test func signatureByExpiredCertificateIsRejected() throws {
        let station = try TestStation()
        // A certificate for the same key that expired yesterday, installed over the valid one.
        let key = try station.store.loadKey()
        let expired = try StationCertificateFactory.selfSigned(key: key, station: "TEST-ST", organization: "Test Org", validFor: 1,
                                                               notBefore: Date().addingTimeInterval(-3 * 86400))
        #expect(throws: ExpungeError.self) {
            _ = try station.store.install(certificatePEM: expired.pem, caPEM: expired.pem)
            _ = try station.store.loadSigner()
        }
        // Signing anyway (bypassing the station's own refusal) still gives nothing an auditor accepts.
        let signer = StationSigner(station: station.signer.station, key: key, certificate: expired, chain: [])
        let entry = try station.ledger.append(station: "TEST-ST", make: { p in
            try WipeCertificate(outcome: TestStation.outcome(), position: p, station: station.signer.station, operatorID: nil,
                                assetID: "X", customer: nil, tool: TestStation.tool).encoded()
        }, sign: { try signer.sign($0) })
        let v = DocumentVerifier(trust: TrustStore(anchors: [expired])).verifyDocument(at: entry.documentPath)
        #expect(!v.isValid)
        #expect(v.problems.contains { $0.contains("not trusted") && $0.contains("expired") }, "\(v.problems)")
    }

    @Test func truncatedAndNonJsonDocumentsAreRejected() throws {
        let station = try TestStation()
        let entry = try station.certify()
        let original = try #require(FileManager.default.contents(atPath: entry.documentPath))
        try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: entry.documentPath))
        let truncated = DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath)
        #expect(truncated.problems.contains { $0.contains("not a JSON object") })
        try Data("hello".utf8).write(to: URL(fileURLWithPath: entry.documentPath))
        #expect(!DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath).isValid)
        try original.write(to: URL(fileURLWithPath: entry.documentPath))
        try FileManager.default.removeItem(atPath: entry.signaturePath)
        let unsigned = DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath)
        #expect(unsigned.problems.contains { $0.contains("no signature") }, "\(unsigned.problems)")
    }

    @Test func signedButInconsistentContentIsRejected() throws {
        let station = try TestStation()
        // "passed" while verification found mismatches: validly signed, still a lie.
        let lying = try station.certify { $0.verification.mismatchedBlocks = 3 }
        let v1 = DocumentVerifier(trust: station.trust).verifyDocument(at: lying.documentPath)
        #expect(v1.problems.contains { $0.contains("without clean, completed verification") })
        // "passed" with a different device at the end.
        let swapped = try station.certify { $0.deviceAtEnd?.serial = "OTHER" }
        let v2 = DocumentVerifier(trust: station.trust).verifyDocument(at: swapped.documentPath)
        #expect(v2.problems.contains { $0.contains("identity changed") })
        // "passed" with verification skipped.
        let skipped = try station.certify { $0.verification = VerificationRecord(mode: .none) }
        #expect(!DocumentVerifier(trust: station.trust).verifyDocument(at: skipped.documentPath).isValid)
        // "failed" without a reason.
        let reasonless = try station.certify(TestStation.outcome(.failed)) { $0.reasons = [] }
        #expect(!DocumentVerifier(trust: station.trust).verifyDocument(at: reasonless.documentPath).isValid)
    }

    @Test func schemaViolationsAreNamed() throws {
        let station = try TestStation()
        let entry = try station.ledger.append(station: "TEST-ST", make: { p in
            Array(#"{"document_type":"wipe-certificate","schema_version":1,"sequence":\#(p.sequence),"station":{"name":"TEST-ST"}}"#.utf8)
        }, sign: { try station.signer.sign($0) })
        let v = DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath)
        #expect(v.problems.contains { $0.hasPrefix("schema: missing") })
    }
}
