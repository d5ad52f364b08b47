import DepotAPI
import Depot
import DepotClient
import DepotServer
import Evidence
import Fakes
import Foundation
import Hummingbird
import Logging
import RecordsSQLite
import Station
import StorageModel
import Testing
import TestSupport

/// A depot served on a loopback port in this process (memory archive), stopped and started again
/// on the same port.
final class LiveDepot: @unchecked Sendable {
    let archive = MemoryDepotArchive()
    let tls: DepotServer.TLSFiles?
    /// A SQLite archive and register instead of the memory archive, when given.
    let sqlite: SQLiteDepotArchive?
    var task: Task<Void, any Error>?
    var port = 0

    init(tls: DepotServer.TLSFiles? = nil, sqlite: SQLiteDepotArchive? = nil) {
        self.tls = tls
        self.sqlite = sqlite
    }

    func start() async throws {
        let services = sqlite.map { DepotServices(archive: $0, store: $0.records) } ?? DepotServices(archive: archive, store: nil)
        let server = DepotServer(services: services, listen: ListenAddress(host: "127.0.0.1", port: port),
                                 tls: tls, logger: Logger(label: "test-depot") { _ in SwiftLogNoOpLogHandler() })
        let (bound, continuation) = AsyncStream<Int>.makeStream()
        let app = try server.application { continuation.yield($0.port) }
        task = Task { try await app.runService() }
        for await p in bound {
            port = p
            break
        }
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
        task = nil
    }

    var url: String { "\(tls == nil ? "http" : "https")://\(tls == nil ? "127.0.0.1" : "localhost"):\(port)" }
}

/// A self-signed TLS certificate for localhost (openssl), in a temporary directory.
final class LocalhostCertificate: @unchecked Sendable {
    let directory: String
    var certificate: String { directory + "/tls.crt" }
    var key: String { directory + "/tls.key" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let r = try Shell.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                                   "-keyout", directory + "/tls.key", "-out", directory + "/tls.crt", "-days", "2",
                                                   "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard r.status == 0 else { throw ShellError(command: "openssl req", output: r.stderr) }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite("push to a depot over HTTP: join, drain, offline, back")
struct PushTests {
    @Test func aJoinedStationPushesQueuesOfflineAndDrainsWhenTheDepotIsBack() async throws {
        let depot = LiveDepot()
        try await depot.start()
        let station = try TestStation(name: "PUSH-1")
        _ = try station.certify()  // signed before joining: pushed too
        let token = try await EnrollmentDesk(archive: depot.archive).create(station: "PUSH-1")

        let address = try DepotAddress(depot.url, allowHTTP: false)
        let (enrolled, link) = try await DepotJoin(home: station.home, address: address, trustPEM: nil, allowHTTP: false)
            .run(token: token.text, signer: station.signer)
        #expect(enrolled.certificateSHA256 == station.signer.certificate.fingerprintSHA256)
        #expect(link.url == depot.url)
        let outbox = Outbox(home: station.home)
        for _ in 0..<2 { try outbox.enqueue(try station.certify()) }

        func push() async throws -> OutboxPusher.Report {
            let connection = try #require(try outbox.connection())
            defer { Task { await connection.shutdown() } }
            return try #require(try await OutboxPusher(outbox: outbox, ledger: station.ledger, signer: station.signer, connection: connection).push(wait: true))
        }

        let first = try await push()
        #expect(first.stored == 3 && first.alreadyStored == 0 && first.remaining == 0 && first.error == nil)
        #expect(first.head?.witnessedSequence == 3 && first.head?.findings.isEmpty == true)
        #expect(outbox.state().acknowledgedHead?.sequence == 3)
        #expect(depot.archive.documentCount == 3)

        // The depot goes away: the station keeps signing; the push fails and keeps the queue.
        await depot.stop()
        for _ in 0..<2 { try outbox.enqueue(try station.certify()) }
        let offline = try await push()
        #expect(offline.error?.code == "depot-unreachable" && offline.error?.isTransient == true)
        #expect(offline.remaining == 2 && outbox.pending().count == 2)
        #expect(outbox.state().lastError?.code == "depot-unreachable")

        // Back: the queue drains, nothing twice.
        try await depot.start()
        let back = try await push()
        #expect(back.stored == 2 && back.remaining == 0 && back.error == nil)
        #expect(back.head?.witnessedSequence == 5)
        #expect(outbox.state().lastError == nil)
        #expect(depot.archive.documentCount == 5)
        #expect(try await depot.archive.sequences(station: "PUSH-1") == [1, 2, 3, 4, 5])

        // A push after a crash that lost the state (documents pushed again): the depot answers
        // "already stored" and stores nothing twice.
        try outbox.save(OutboxState())
        let again = try await push()
        #expect(again.stored == 0 && again.alreadyStored == 5)
        #expect(depot.archive.documentCount == 5)

        // The ledger loses its tail (the newest document and the recorded head): the depot's
        // witness reports it.
        let newest = station.home.ledger + "/" + LedgerPosition.documentID(station: "PUSH-1", sequence: 5)
        for suffix in [".json", ".p7s"] { try FileManager.default.removeItem(atPath: newest + suffix) }
        try FileManager.default.removeItem(atPath: station.home.ledger + "/state.json")
        let tampered = try await push()
        #expect(tampered.head?.findings.map(\.kind) == ["tail-deleted"])
        #expect(outbox.state().findings.first?.hasPrefix("tail-deleted") == true)
        await depot.stop()
    }

    @Test func overTLSTheDepotsCertificateGivenAtJoinIsTrustedAndNothingElse() async throws {
        let tls = try LocalhostCertificate()
        let depot = LiveDepot(tls: DepotServer.TLSFiles(certificateChain: tls.certificate, privateKey: tls.key))
        try await depot.start()
        defer { Task { await depot.stop() } }
        let station = try TestStation(name: "PUSH-TLS")
        let token = try await EnrollmentDesk(archive: depot.archive).create(station: "PUSH-TLS")
        let address = try DepotAddress(depot.url, allowHTTP: false)
        #expect(address.isHTTPS)

        // Without the depot's certificate the system's roots do not trust it: nothing is sent.
        let untrusted = DepotJoin(home: station.home, address: address, trustPEM: nil, allowHTTP: false)
        await #expect(throws: DepotResponseError.self) { try await untrusted.run(token: token.text, signer: station.signer) }
        #expect(try await depot.archive.station(named: "PUSH-TLS")?.state == .pending, "the token was not spent")

        let pem = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tls.certificate)))
        _ = try await DepotJoin(home: station.home, address: address, trustPEM: pem, allowHTTP: false).run(token: token.text, signer: station.signer)
        let outbox = Outbox(home: station.home)
        #expect(FileManager.default.contents(atPath: outbox.trustPath) == Data(pem), "the depot's certificate is kept for the pushes")
        try outbox.enqueue(try station.certify())
        let connection = try #require(try outbox.connection())
        let report = try #require(try await OutboxPusher(outbox: outbox, ledger: station.ledger, signer: station.signer, connection: connection).push(wait: true))
        await connection.shutdown()
        #expect(report.stored == 1 && report.error == nil && report.head?.witnessedSequence == 1)
    }

    @Test func aJoinedStationLooksAnAssetUpWithASignedRequest() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-depot-lookup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try SQLiteDepotArchive(path: directory + "/depot.sqlite")
        let depot = LiveDepot(sqlite: archive)
        try await depot.start()
        defer { Task { await depot.stop() } }
        let station = try TestStation(name: "PUSH-4")
        let token = try await EnrollmentDesk(archive: archive).create(station: "PUSH-4")
        _ = try await DepotJoin(home: station.home, address: try DepotAddress(depot.url, allowHTTP: false), trustPEM: nil, allowHTTP: false)
            .run(token: token.text, signer: station.signer)
        let outbox = Outbox(home: station.home)
        try outbox.enqueue(try station.certify(asset: "LAP/7%"))  // a tag that needs percent-encoding in the path
        let connection = try #require(try outbox.connection())
        _ = try await OutboxPusher(outbox: outbox, ledger: station.ledger, signer: station.signer, connection: connection).push(wait: true)
        let answer = try #require(try await connection.asset("LAP/7%", signer: station.signer))
        #expect(answer.assetID == "LAP/7%" && answer.status == "sanitized" && answer.certificates.count == 1)
        #expect(try await connection.asset("NOT-THERE", signer: station.signer) == nil)
        let stranger = try TestStation(name: "PUSH-5")
        await #expect(throws: DepotResponseError.self) { try await connection.asset("LAP/7%", signer: stranger.signer) }

        // Through the checker the console uses: the depot's answer, kept in the station's store.
        let local = try SQLiteRecordStore(path: directory + "/station-records.sqlite")
        let checker = AssetChecker(store: local, remote: DepotRegister(connection: connection, signer: station.signer))
        let found = await checker.check(tag: "LAP/7%", serial: nil)
        #expect(found.warnings == [.notInRegister], "the depot knows it only from its certificate")
        #expect(try await local.asset("LAP/7%")?.inRegister == false)
        await connection.shutdown()
        // The depot gone: the station's copy, and the warning.
        let offline = try #require(try outbox.connection(timeoutSeconds: 1))
        await depot.stop()
        let later = await AssetChecker(store: local, remote: DepotRegister(connection: offline, signer: station.signer)).check(tag: "LAP/7%", serial: nil)
        #expect(later.warnings.first?.code == "depot-unreachable")
        #expect(later.warnings.contains(.notInRegister))
        await offline.shutdown()
    }

    @Test func aRefusedDocumentIsSetAsideAndTheRestIsPushed() async throws {
        let depot = LiveDepot()
        try await depot.start()
        defer { Task { await depot.stop() } }
        let station = try TestStation(name: "PUSH-2")
        let token = try await EnrollmentDesk(archive: depot.archive).create(station: "PUSH-2")
        _ = try await DepotJoin(home: station.home, address: try DepotAddress(depot.url, allowHTTP: false), trustPEM: nil, allowHTTP: false)
            .run(token: token.text, signer: station.signer)
        let outbox = Outbox(home: station.home)
        try outbox.enqueue(try station.certify { $0.errors = [WipeErrorRecord(operation: "write", message: "x")] })  // breaks the rules
        try outbox.enqueue(try station.certify())
        let connection = try #require(try outbox.connection())
        let report = try #require(try await OutboxPusher(outbox: outbox, ledger: station.ledger, signer: station.signer, connection: connection).push(wait: true))
        await connection.shutdown()
        #expect(report.rejected.count == 1 && report.rejected[0].contains("invalid-document"))
        #expect(report.stored == 1 && report.remaining == 0)
        #expect(outbox.rejected().map(\.entry.sequence) == [1])
    }

    @Test func aWrongTokenIsRefusedAndTheStationStaysUnjoined() async throws {
        let depot = LiveDepot()
        try await depot.start()
        defer { Task { await depot.stop() } }
        let station = try TestStation(name: "PUSH-3")
        _ = try await EnrollmentDesk(archive: depot.archive).create(station: "PUSH-3")
        let join = DepotJoin(home: station.home, address: try DepotAddress(depot.url, allowHTTP: false), trustPEM: nil, allowHTTP: false)
        await #expect(throws: DepotResponseError.self) { try await join.run(token: "PUSH-3." + String(repeating: "A", count: 43), signer: station.signer) }
        #expect(!Outbox(home: station.home).isJoined)
    }
}
