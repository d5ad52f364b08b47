import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

@Suite("Ledger: hash chain, continuity, crash safety")
struct LedgerTests {
    func chainProblems(_ station: TestStation, _ dir: String) -> [String] {
        DocumentVerifier(trust: station.trust).verify(paths: [dir]).chains.flatMap(\.problems)
    }

    @Test func documentsChainBySequenceAndHash() throws {
        let station = try TestStation()
        let entries = try (0..<5).map { try station.certify(asset: "A\($0)") }
        #expect(entries.map(\.sequence) == [1, 2, 3, 4, 5])
        let second = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entries[1].documentPath)))
        #expect(second.previousSHA256 == entries[0].sha256)
        let report = DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger])
        #expect(report.isValid)
        #expect(report.chains.first?.documents == 5)
    }

    @Test func missingDocumentIsAGap() throws {
        let station = try TestStation()
        let entries = try (0..<4).map { _ in try station.certify() }
        try FileManager.default.removeItem(atPath: entries[2].documentPath)
        try FileManager.default.removeItem(atPath: entries[2].signaturePath)
        #expect(chainProblems(station, station.home.ledger) == ["sequence 3 is missing"])
    }

    @Test func duplicatedDocumentIsReported() throws {
        let station = try TestStation()
        let entries = try (0..<3).map { _ in try station.certify() }
        let copy = station.home.root + "/copy"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: entries[1].documentPath, toPath: copy + "/dup.json")
        try FileManager.default.copyItem(atPath: entries[1].signaturePath, toPath: copy + "/dup.p7s")
        let problems = chainProblems(station, station.home.root)
        #expect(problems.contains { $0.contains("sequence 2 appears twice") })
    }

    @Test func replacedOrReorderedDocumentBreaksTheLink() throws {
        // Two stations with the same name and key cannot exist, so simulate a forged chain: a
        // second ledger signed by the same key, whose document 2 is spliced into the first.
        let station = try TestStation()
        let entries = try (0..<3).map { _ in try station.certify(asset: "REAL") }
        let forged = Ledger(directory: station.home.root + "/forged")
        _ = try forged.append(station: "TEST-ST", make: { p in
            try WipeCertificate(outcome: TestStation.outcome(), position: p, station: station.signer.station, operatorID: nil,
                                assetID: "FAKE-1", customer: nil, tool: TestStation.tool).encoded()
        }, sign: { try station.signer.sign($0) })
        let fake2 = try forged.append(station: "TEST-ST", make: { p in
            try WipeCertificate(outcome: TestStation.outcome(), position: p, station: station.signer.station, operatorID: nil,
                                assetID: "FAKE-2", customer: nil, tool: TestStation.tool).encoded()
        }, sign: { try station.signer.sign($0) })
        try FileManager.default.removeItem(atPath: entries[1].documentPath)
        try FileManager.default.removeItem(atPath: entries[1].signaturePath)
        try FileManager.default.copyItem(atPath: fake2.documentPath, toPath: entries[1].documentPath)
        try FileManager.default.copyItem(atPath: fake2.signaturePath, toPath: entries[1].signaturePath)
        let problems = chainProblems(station, station.home.ledger)
        #expect(problems.contains { $0.contains("sequence 2 does not follow sequence 1") })
        #expect(problems.contains { $0.contains("sequence 3 does not follow sequence 2") })
    }

    @Test func orphanSignatureFromACrashIsCleanedUpAndTheChainContinues() throws {
        let station = try TestStation()
        let first = try station.certify()
        // A crash after writing the signature of document 2 but before its JSON landed.
        let orphan = station.home.ledger + "/TEST-ST-000002.p7s"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: orphan))
        let second = try station.certify()
        #expect(second.sequence == 2)
        let doc = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: second.documentPath)))
        #expect(doc.previousSHA256 == first.sha256)
        #expect(DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger]).isValid)
    }

    @Test func lostStateFileIsRecoveredByScanning() throws {
        let station = try TestStation()
        _ = try station.certify()
        let second = try station.certify()
        try FileManager.default.removeItem(atPath: station.home.ledger + "/state.json")
        let third = try station.certify()
        #expect(third.sequence == 3)
        let doc = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: third.documentPath)))
        #expect(doc.previousSHA256 == second.sha256)
    }

    @Test func concurrentAppendsNeverShareASequence() async throws {
        let station = try TestStation()
        try await withThrowingTaskGroup(of: UInt64.self) { group in
            for _ in 0..<16 { group.addTask { try station.certify().sequence } }
            var seen: [UInt64] = []
            for try await s in group { seen.append(s) }
            #expect(seen.sorted() == Array(1...16))
        }
        #expect(DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger]).isValid)
    }
}

@Suite("Station keys")
struct StationKeyTests {
    @Test func keyReadableByOthersIsRefused() throws {
        let station = try TestStation()
        chmod(station.store.keyPath, 0o644)
        #expect {
            _ = try station.store.loadSigner()
        } throws: { error in
            let e = error as? ExpungeError
            return e?.exitStatus == .permission && e?.message.contains("accessible by others") == true
        }
        chmod(station.store.keyPath, 0o600)
        _ = try station.store.loadSigner()
    }

    @Test func missingKeyIsAPermissionErrorWithRemedy() {
        let store = StationKeyStore(home: ExpungeHome(root: "/nonexistent-expunge-home"))
        #expect {
            _ = try store.loadSigner()
        } throws: { error in
            let e = error as? ExpungeError
            return e?.exitStatus == .permission && e?.remedy?.contains("keys init") == true
        }
    }

    @Test func keyFileIsMode0600AndP256() throws {
        let station = try TestStation()
        let attributes = try FileManager.default.attributesOfItem(atPath: station.store.keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try station.store.loadKey().isP256)
    }

    @Test func signingRequestCarriesTheStationName() throws {
        let key = try StationKey.generate()
        let csr = try StationCertificateFactory.signingRequest(key: key, station: "ST-9", organization: "Org")
        let text = String(decoding: csr, as: UTF8.self)
        #expect(text.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))
    }

    @Test func invalidStationNamesAreRefused() {
        for bad in ["", "has space", "../etc", "-x", String(repeating: "a", count: 65)] {
            #expect(!StationConfiguration.isValidStationName(bad), "\(bad)")
        }
        #expect(StationConfiguration.isValidStationName("DEPOT-1.bay_3"))
    }
}

@Suite("Certificates against stock OpenSSL and the JSON Schema")
struct ThirdPartyVerificationTests {
    @Test func everyResultTypeVerifiesWithOpenSSLAndMatchesTheSchema() throws {
        let station = try TestStation()
        var files: [String] = []
        for result in WipeResult.allCases {
            let entry = try station.certify(TestStation.outcome(result))
            files.append(entry.documentPath)
            #expect(try OpenSSLCLI.verifyProblem(document: entry.documentPath, signature: entry.signaturePath,
                                                 trust: station.store.trustPath) == nil, "\(result)")
        }
        let problems = try SchemaValidator.errors(files: files, schema: SchemaValidator.schema("Certificates/schema/wipe-certificate.schema.json"))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test func openSSLRejectsATamperedCertificateToo() throws {
        let station = try TestStation()
        let entry = try station.certify()
        var bytes = try #require(FileManager.default.contents(atPath: entry.documentPath))
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: entry.documentPath))
        #expect(try OpenSSLCLI.verifyProblem(document: entry.documentPath, signature: entry.signaturePath,
                                             trust: station.store.trustPath) != nil)
    }
}
