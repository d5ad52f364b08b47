import DepotClient
import Evidence
import Foundation
import Station
import StorageModel
import Testing
import TestSupport

@Suite("station outbox: queued at signing, reconciled with the ledger, settled by the depot's answers")
struct OutboxTests {
    static func link(_ station: TestStation) -> DepotLink {
        DepotLink(url: "http://127.0.0.1:9", station: station.signer.station.name, trustFile: nil, allowHTTP: false,
                  certificateSHA256: station.signer.certificate.fingerprintSHA256, joinedAt: Timestamp.rfc3339(Date()))
    }

    @Test func nothingIsQueuedBeforeJoining() throws {
        let station = try TestStation(name: "OUT-1")
        let outbox = Outbox(home: station.home)
        try outbox.enqueue(try station.certify())
        #expect(!outbox.isJoined && outbox.pending().isEmpty)
        #expect(try outbox.link() == nil)
    }

    @Test func joiningQueuesTheLedgerAndNewDocumentsInSequenceOrder() throws {
        let station = try TestStation(name: "OUT-2")
        _ = try station.certify()
        _ = try station.certify()
        let outbox = Outbox(home: station.home)
        let link = Self.link(station)
        try outbox.join(link, trustPEM: nil)
        #expect(try outbox.link() == link)
        #expect(try outbox.reconcile(head: station.ledger.head(station: "OUT-2")) == 2)
        let third = try station.certify()
        try outbox.enqueue(third)
        #expect(outbox.pending().map(\.sequence) == [1, 2, 3])
        #expect(outbox.pending().last?.sha256 == third.sha256)
        #expect(try outbox.reconcile(head: station.ledger.head(station: "OUT-2")) == 0, "nothing queued twice")
    }

    @Test func aDocumentCommittedButNotQueuedIsQueuedByReconcile() throws {
        let station = try TestStation(name: "OUT-3")
        let outbox = Outbox(home: station.home)
        try outbox.join(Self.link(station), trustPEM: nil)
        try outbox.enqueue(try station.certify())
        _ = try station.certify()  // a crash after the ledger commit, before the outbox entry
        try outbox.enqueue(try station.certify())
        #expect(outbox.pending().map(\.sequence) == [1, 3])
        #expect(try outbox.reconcile(head: station.ledger.head(station: "OUT-3")) == 1)
        #expect(outbox.pending().map(\.sequence) == [1, 2, 3])
    }

    @Test func acknowledgedEntriesLeaveRejectedOnesAreSetAsideAndBothSettle() throws {
        let station = try TestStation(name: "OUT-4")
        let outbox = Outbox(home: station.home)
        try outbox.join(Self.link(station), trustPEM: nil)
        for _ in 0..<3 { try outbox.enqueue(try station.certify()) }
        let queue = outbox.pending()
        try outbox.acknowledge(queue[0])
        try outbox.reject(queue[1], code: "document-conflict", message: "forked")
        #expect(outbox.pending().map(\.sequence) == [3])
        #expect(outbox.rejected().map(\.entry.sequence) == [2])
        #expect(outbox.rejected().first?.code == "document-conflict")
        #expect(outbox.state().settledThrough == 2)
        #expect(outbox.state().lastError?.code == "document-conflict")
        // Settled documents are not queued again.
        try outbox.acknowledge(queue[2])
        #expect(try outbox.reconcile(head: station.ledger.head(station: "OUT-4")) == 0)
    }

    @Test func theQueueSurvivesAsFilesAndTheStateIsReadBack() throws {
        let station = try TestStation(name: "OUT-5")
        try Outbox(home: station.home).join(Self.link(station), trustPEM: nil)
        try Outbox(home: station.home).enqueue(try station.certify())
        try Outbox(home: station.home).update { $0.lastError = .init(code: "depot-unreachable", message: "down", at: "2026-01-01T00:00:00Z") }
        let reopened = Outbox(home: station.home)  // another process
        #expect(reopened.pending().count == 1)
        #expect(reopened.state().lastError?.code == "depot-unreachable")
    }

    @Test func onlyOnePusherAtATime() async throws {
        let station = try TestStation(name: "OUT-6")
        let outbox = Outbox(home: station.home)
        let inner = try await outbox.whilePushing(wait: false) {
            try await outbox.whilePushing(wait: false) { "second" }
        }
        #expect(inner == .some(nil), "the lock is held: the second pusher does not run")
    }
}

@Suite("depot address: https, or http to loopback only")
struct DepotAddressTests {
    @Test func httpsAndLoopbackHTTPAreAccepted() throws {
        #expect(try DepotAddress("https://depot.example:8443/", allowHTTP: false).base == "https://depot.example:8443")
        #expect(try DepotAddress("http://127.0.0.1:8080", allowHTTP: false).isHTTPS == false)
        #expect(try DepotAddress("http://[::1]:8080", allowHTTP: false).host == "::1")
        #expect(try DepotAddress("http://localhost:8080", allowHTTP: false).host == "localhost")
    }

    @Test func plainHTTPElsewhereNeedsAllowHTTP() throws {
        #expect(throws: ExpungeError.self) { try DepotAddress("http://depot.example:8080", allowHTTP: false) }
        #expect(try DepotAddress("http://depot.example:8080", allowHTTP: true).host == "depot.example")
    }

    @Test func otherURLsAreRefused() {
        for text in ["depot.example", "ftp://depot.example", "https://", "https://u:p@depot.example", "https://depot.example/?x=1"] {
            #expect(throws: ExpungeError.self, "\(text)") { try DepotAddress(text, allowHTTP: true) }
        }
    }

    @Test func backOffDoublesToFiveMinutesWithJitter() {
        #expect(BackgroundPush.backoff(afterFailures: 1, jitter: 0) == .seconds(2))
        #expect(BackgroundPush.backoff(afterFailures: 3, jitter: 0) == .seconds(8))
        #expect(BackgroundPush.backoff(afterFailures: 20, jitter: 0) == .seconds(300))
        #expect(BackgroundPush.backoff(afterFailures: 20, jitter: 1) == .seconds(375))
    }
}
