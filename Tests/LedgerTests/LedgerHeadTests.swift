import Evidence
import Foundation
import StorageModel
import Synchronization
import Testing
import TestSupport

@Suite("Ledger head, one certificate per attempt, issued_at under the lock")
struct LedgerHeadTests {
    func remove(_ entry: LedgerEntry) throws {
        try FileManager.default.removeItem(atPath: entry.documentPath)
        try FileManager.default.removeItem(atPath: entry.signaturePath)
    }

    func chainProblems(_ station: TestStation) -> [String] {
        DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger]).chains.flatMap(\.problems)
    }

    func certificate(_ entry: LedgerEntry) throws -> WipeCertificate {
        try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
    }

    @Test func appendContinuesAfterTheRecordedHeadWhenTheNewestDocumentWasRemoved() throws {
        let station = try TestStation()
        let entries = try (0..<3).map { _ in try station.certify() }
        try remove(entries[2])
        let next = try station.certify()
        #expect(next.sequence == 4, "the removed sequence is not reused")
        #expect(try certificate(next).previousSHA256 == entries[2].sha256, "chained to the recorded head, not to the last file present")
        #expect(chainProblems(station) == ["sequence 3 is missing"])
    }

    @Test func verifyReportsDocumentsMissingAtTheEnd() throws {
        let station = try TestStation()
        let entries = try (0..<4).map { _ in try station.certify() }
        try remove(entries[3])
        #expect(chainProblems(station) == ["sequence 4 is missing at the end: the ledger head (state.json) is sequence 4"])
        try remove(entries[2])
        #expect(chainProblems(station) == ["sequences 3–4 are missing at the end: the ledger head (state.json) is sequence 4"])
        let report = DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger])
        #expect(!report.isValid)
    }

    @Test func verifyReportsAReplacedHeadDocument() throws {
        let station = try TestStation()
        let entries = try (0..<2).map { _ in try station.certify() }
        // Re-sign a different document 2 with the station key: valid signature, not the head.
        let other = Ledger(directory: station.home.root + "/other")
        _ = try other.append(station: "TEST-ST", make: { p in
            try WipeCertificate(outcome: TestStation.outcome(), position: p, station: station.signer.station, operatorID: nil,
                                assetID: "X", customer: nil, tool: TestStation.tool).encoded()
        }, sign: { try station.signer.sign($0) })
        let forged2 = try other.append(station: "TEST-ST", make: { p in
            try WipeCertificate(outcome: TestStation.outcome(), position: p, station: station.signer.station, operatorID: nil,
                                assetID: "Y", customer: nil, tool: TestStation.tool).encoded()
        }, sign: { try station.signer.sign($0) })
        try remove(entries[1])
        try FileManager.default.copyItem(atPath: forged2.documentPath, toPath: entries[1].documentPath)
        try FileManager.default.copyItem(atPath: forged2.signaturePath, toPath: entries[1].signaturePath)
        #expect(chainProblems(station).contains { $0.contains("not the document the ledger head (state.json) records") })
    }

    @Test func headIsPublicAndALostStateFileIsRebuiltAndRecorded() throws {
        let station = try TestStation()
        #expect(try station.ledger.head(station: "TEST-ST") == LedgerHead(station: "TEST-ST", sequence: 0, sha256: nil))
        _ = try station.certify()
        let second = try station.certify()
        var head = try station.ledger.head(station: "TEST-ST")
        #expect(head.sequence == 2 && head.sha256 == second.sha256 && head.documentID == "TEST-ST-000002" && head.rebuiltAt == nil)

        try FileManager.default.removeItem(atPath: station.home.ledger + "/state.json")
        head = try station.ledger.head(station: "TEST-ST")
        #expect(head.sequence == 2 && head.sha256 == second.sha256)
        #expect(head.rebuiltAt != nil && head.rebuildReason == "state.json was missing")
        let events = LedgerEvents(directory: station.home.ledger).all()
        #expect(events.count == 1 && events.first?.event == "head-rebuilt" && events.first?.sequence == 2)

        let third = try station.certify()
        #expect(third.sequence == 3)
        #expect(try station.ledger.head(station: "TEST-ST").rebuiltAt == head.rebuiltAt, "the rebuild stays visible")
        #expect(LedgerEvents(directory: station.home.ledger).all().count == 1, "recorded once")
    }

    @Test func aSecondDocumentForAnAttemptIsRefusedEvenAfterTheIndexOrTheFirstIsLost() throws {
        let station = try TestStation()
        let outcome = TestStation.outcome()
        func append() throws -> LedgerEntry {
            try station.ledger.append(station: "TEST-ST", attemptID: outcome.attemptID, make: { p in
                try WipeCertificate(outcome: outcome, position: p, station: station.signer.station, operatorID: nil,
                                    assetID: "A", customer: nil, tool: TestStation.tool).encoded()
            }, sign: { try station.signer.sign($0) })
        }
        let first = try append()
        #expect(throws: AttemptAlreadyCertified.self) { try append() }
        try FileManager.default.removeItem(atPath: station.home.ledger + "/attempts.log")
        #expect(throws: AttemptAlreadyCertified.self, "the index is rebuilt by scanning") { try append() }
        try remove(first)
        #expect(throws: AttemptAlreadyCertified.self, "ever: also when the document was removed") { try append() }
        do { _ = try append() } catch let e as AttemptAlreadyCertified {
            #expect(e.documentID == "TEST-ST-000001" && e.exitStatus == .failed)
        }
        #expect(try station.ledger.head(station: "TEST-ST").sequence == 1, "nothing was appended")
        // Another attempt is certified normally.
        #expect(try station.certify().sequence == 2)
    }

    @Test func verifyReportsDuplicateAttemptIDs() throws {
        let station = try TestStation()
        let outcome = TestStation.outcome()
        _ = try station.certify(outcome)   // TestStation.certify does not pass the attempt ID: simulates old or foreign ledgers
        _ = try station.certify(TestStation.outcome())
        _ = try station.certify(outcome)
        let problems = chainProblems(station)
        #expect(problems == ["attempt_id \(outcome.attemptID.uuidString.lowercased()) has 2 documents (TEST-ST-000001, TEST-ST-000003): one attempt, one certificate"])
    }

    @Test func issuedAtIsTakenUnderTheLockSoTimeOrderIsSequenceOrder() async throws {
        let station = try TestStation()
        let ticks = Ticks()
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    _ = try station.ledger.append(station: "TEST-ST", clock: {
                        base.addingTimeInterval(Double(ticks.next()))
                    }, make: { p in
                        usleep(UInt32.random(in: 0...2000))
                        return try WipeCertificate(outcome: TestStation.outcome(), position: p, station: station.signer.station, operatorID: nil,
                                                   assetID: "A", customer: nil, tool: TestStation.tool).encoded()
                    }, sign: { try station.signer.sign($0) })
                }
            }
            try await group.waitForAll()
        }
        let docs = try FileManager.default.contentsOfDirectory(atPath: station.home.ledger).filter { $0.hasPrefix("TEST-ST-") && $0.hasSuffix(".json") }
        let certificates = try docs.map { try JSONDecoder().decode(WipeCertificate.self, from: Data(contentsOf: URL(fileURLWithPath: station.home.ledger + "/" + $0))) }
            .sorted { $0.sequence < $1.sequence }
        #expect(certificates.count == 24)
        let issued = certificates.map(\.issuedAt)
        #expect(issued == issued.sorted(), "issued_at never runs backwards along the sequence")
        #expect(DocumentVerifier(trust: station.trust).verify(paths: [station.home.ledger]).chains.flatMap(\.problems).isEmpty)
    }
}

/// A clock that moves one second per reading.
final class Ticks: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}

@Suite("Input size limits of signed files")
struct DocumentLimitTests {
    @Test func aDocumentJustOverTheLimitIsRejectedUnread() throws {
        let station = try TestStation()
        let dir = station.home.root + "/big"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let over = dir + "/over.json", at = dir + "/at.json"
        try Data(repeating: 0x20, count: DocumentLimits.maxDocumentBytes + 1).write(to: URL(fileURLWithPath: over))
        try Data(repeating: 0x20, count: DocumentLimits.maxDocumentBytes).write(to: URL(fileURLWithPath: at))
        let verifier = DocumentVerifier(trust: station.trust)
        #expect(verifier.verifyDocument(at: over).problems == ["document not read: it is larger than the 1 MiB maximum"])
        #expect(verifier.verifyDocument(at: at).problems == ["not a JSON object (truncated or not JSON)"], "at the limit it is read")
    }

    @Test func aSignatureJustOverTheLimitIsRejectedUnread() throws {
        let station = try TestStation()
        let entry = try station.certify()
        try Data(repeating: 0x30, count: DocumentLimits.maxSignatureBytes + 1).write(to: URL(fileURLWithPath: entry.signaturePath))
        let problems = DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath).problems
        #expect(problems.contains("signature TEST-ST-000001.p7s is larger than the 64 KiB maximum"))
    }

    @Test func aTrustAnchorFileJustOverTheLimitIsRejectedUnread() throws {
        let station = try TestStation()
        let path = station.home.root + "/big-trust.pem"
        var pem = [UInt8](try #require(FileManager.default.contents(atPath: station.store.trustPath)))
        pem += [UInt8](repeating: 0x0A, count: DocumentLimits.maxTrustAnchorBytes + 1 - pem.count)
        try Data(pem).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TrustStore(pemFile: path)
            Issue.record("read a trust anchor file over the limit")
        } catch {
            #expect(error.message.hasSuffix("it is larger than the 1 MiB maximum"))
        }
        pem.removeLast()
        try Data(pem).write(to: URL(fileURLWithPath: path))
        #expect(try TrustStore(pemFile: path).anchors.count == 1, "at the limit it is read")
    }

    @Test func boundedReadsRefuseNonRegularFiles() {
        #expect(BoundedFile.read("/dev/zero", limit: 16) == .failure(.notARegularFile))
        guard case .failure(.unreadable) = BoundedFile.read("/nonexistent/x", limit: 16) else { Issue.record("read a missing file"); return }
    }
}
