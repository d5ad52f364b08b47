import Depot
import Foundation
import StorageModel
import Synchronization
import Testing

/// The verification page's memory of verdicts: the same bytes against the same pin are verified
/// once a minute, the station's standing and chain are looked at on every visit, and other
/// bytes (a tampered upload) are never answered from memory.
@Suite("depot web: verdicts remembered briefly")
struct VerdictMemoryTests {
    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
        var now: @Sendable () -> Date { { self.time.withLock { $0 } } }
    }

    @Test func theSameCertificateIsVerifiedOnceAMinuteAndItsStandingOnEveryVisit() async throws {
        let fixture = try await DepotFixture()
        let clock = Clock()
        let memory = VerdictMemory(lifetime: 60, now: clock.now)
        let check = CertificateCheck(archive: fixture.archive, store: nil, memory: memory)
        let doc = try fixture.certify(asset: "LAP-1")
        _ = try await fixture.ingest.receive(document: doc.document, signature: doc.signature)

        let first = try await check.check(id: doc.id, heldSHA256: doc.sha256)
        let second = try await check.check(id: doc.id, heldSHA256: doc.sha256)
        #expect(first.verdict == .genuine && second.verdict == .genuine)
        #expect(first.checks == second.checks && second.certificate == first.certificate)
        #expect(memory.computedCount == 1, "verified once")
        let signature = try #require(second.checks.first { $0.name == "Signature" })
        #expect(signature.detail.hasSuffix("(verified \(Timestamp.rfc3339(Date(timeIntervalSince1970: 1_800_000_000))))"),
                "the page says when the remembered verdict was computed: \(signature.detail)")

        // The standing is not remembered: a revocation shows on the next visit.
        _ = try await fixture.archive.revokeStation(named: fixture.station.signer.station.name, at: "2030-01-01T00:00:00Z")
        let revoked = try await check.check(id: doc.id, heldSHA256: doc.sha256)
        #expect(revoked.checks.first { $0.name == "Station" }?.passed == nil)
        #expect(revoked.checks.first { $0.name == "Station" }?.detail.contains("revoked") == true)

        clock.advance(61)
        _ = try await check.check(id: doc.id, heldSHA256: doc.sha256)
        #expect(memory.computedCount == 2, "verified again after the lifetime")
    }

    @Test func otherBytesAreNeverAnsweredFromMemory() async throws {
        let fixture = try await DepotFixture()
        let memory = VerdictMemory()
        let check = CertificateCheck(archive: fixture.archive, store: nil, memory: memory)
        let doc = try fixture.certify(asset: "LAP-2")
        _ = try await fixture.ingest.receive(document: doc.document, signature: doc.signature)
        #expect(try await check.check(upload: doc.document, signature: doc.signature).verdict == .genuine)
        var tampered = doc.document
        let at = try #require(String(decoding: tampered, as: UTF8.self).range(of: "LAP-2").map { String(decoding: tampered, as: UTF8.self)[..<$0.lowerBound].utf8.count })
        tampered[at + 4] = UInt8(ascii: "9")
        let result = try await check.check(upload: tampered, signature: doc.signature)
        #expect(result.verdict == .notGenuine)
        #expect(result.checks.first { $0.name == "Signature" }?.passed == false)
        #expect(memory.computedCount == 2)
    }

    @Test func aFullMemoryIsEmptiedNotGrown() async throws {
        let fixture = try await DepotFixture()
        let memory = VerdictMemory(capacity: 2)
        let check = CertificateCheck(archive: fixture.archive, store: nil, memory: memory)
        var docs: [Signed] = []
        for i in 1...3 {
            let doc = try fixture.certify(asset: "CAP-\(i)")
            _ = try await fixture.ingest.receive(document: doc.document, signature: doc.signature)
            docs.append(doc)
        }
        for doc in docs { _ = try await check.check(id: doc.id, heldSHA256: nil) }
        #expect(memory.computedCount == 3)
        // The first was dropped when the third came in: verified again.
        _ = try await check.check(id: docs[0].id, heldSHA256: nil)
        #expect(memory.computedCount == 4)
    }
}
