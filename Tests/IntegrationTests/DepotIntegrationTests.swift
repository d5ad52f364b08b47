import Foundation
import StorageModel
import Testing
import TestSupport

/// A depot (a subprocess on a loopback port, on SQLite, and on PostgreSQL when `PGHOST` names a
/// server) and two stations joined to it, wiping real loop devices: documents pushed, the depot
/// stopped while a station keeps wiping, back again, the outbox drained without duplicates; then a
/// station's ledger loses its tail and the depot's witness reports it.
@Suite("depot end to end: two stations, offline and back, a deleted tail", .enabled(if: Privileges.isRoot, Privileges.reason))
struct DepotIntegrationTests {
    struct StationRow: Decodable {
        let name: String
        let state: String
        let documents: Int
        let witnessed_head: UInt64?
    }

    struct Status: Decodable {
        let pending: Int
        let acknowledged_head: Head?
        let last_error: LastError?
        struct Head: Decodable { let sequence: UInt64 }
        struct LastError: Decodable { let code: String }
    }

    func stations(_ depot: DepotProcess) throws -> [String: StationRow] {
        let r = try depot.run(["station", "list", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONDecoder().decode([StationRow].self, from: Data(r.stdout.utf8))
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) })
    }

    func status(_ home: StationHome) throws -> Status {
        let r = try home.expunge(["sync", "--status", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode(Status.self, from: Data(r.stdout.utf8))
    }

    func wipe(_ home: StationHome, asset: String, customer: [String] = []) async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(16)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", asset, "--yes", "--progress", "none"] + customer)
            #expect(r.status == 0, "\(r.stderr)")
        }
    }

    @Test func twoStationsOnSQLite() async throws {
        try await twoStationsPushGoOfflineDrainAndATailDeletionIsWitnessed(.sqlite)
    }

    @Test(.enabled(if: DepotProcess.postgresAvailable, "PGHOST is not set: no PostgreSQL server (eval \"$(Scripts/postgres-cluster start)\" provides one)"))
    func twoStationsOnPostgreSQL() async throws {
        try await twoStationsPushGoOfflineDrainAndATailDeletionIsWitnessed(.postgres)
    }

    func twoStationsPushGoOfflineDrainAndATailDeletionIsWitnessed(_ backend: DepotProcess.Backend) async throws {
        let depot = try DepotProcess(backend)
        try depot.start()
        defer { depot.stop() }
        let a = try StationHome(station: "IT-DEPOT-A")
        let b = try StationHome(station: "IT-DEPOT-B")
        try await wipe(a, asset: "DA-1")  // signed before joining: pushed too

        for (home, name) in [(a, "IT-DEPOT-A"), (b, "IT-DEPOT-B")] {
            let enroll = try depot.run(["station", "enroll", name])
            #expect(enroll.status == 0, "\(enroll.stderr)")
            let token = enroll.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let join = try home.expunge(["depot", "join", depot.url, "--token", token])
            #expect(join.status == 0, "\(join.stderr)")
            #expect(join.stdout.contains("Joined"))
            // The token works once.
            let spent = try home.expunge(["depot", "join", depot.url, "--token", token])
            #expect(spent.status == 77 && spent.stderr.contains("already used"), "\(spent.stderr)")
        }
        // A plain-HTTP depot elsewhere than loopback is refused.
        #expect(try a.expunge(["depot", "join", "http://192.0.2.1:8443", "--token", "x"]).status == 64)

        try await wipe(a, asset: "DA-2", customer: ["--customer", "Acme Deutschland GmbH", "--create-customer"])
        try await wipe(b, asset: "DB-1")
        for home in [a, b] {
            let sync = try home.expunge(["sync"])
            #expect(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
        }
        var held = try stations(depot)
        #expect(held["IT-DEPOT-A"]?.documents == 2 && held["IT-DEPOT-A"]?.witnessed_head == 2)
        #expect(held["IT-DEPOT-B"]?.documents == 1 && held["IT-DEPOT-B"]?.witnessed_head == 1)

        // The depot goes away (SIGTERM: a graceful stop); station A keeps wiping.
        #expect(depot.stop() == 0)
        try await wipe(a, asset: "DA-3")
        try await wipe(a, asset: "DA-4")
        let offline = try a.expunge(["sync"])
        #expect(offline.status == 1)
        #expect(offline.stderr.contains("cannot reach the depot"), "\(offline.stderr)")
        let waiting = try status(a)
        #expect(waiting.pending == 2 && waiting.last_error?.code == "depot-unreachable")

        // Back on the same port: the outbox drains, nothing is duplicated.
        try depot.start()
        let back = try a.expunge(["sync"])
        #expect(back.status == 0, "\(back.stdout)\(back.stderr)")
        #expect(back.stdout.contains("Pushed 2 new document(s), 0 already at the depot; 0 still queued."), "\(back.stdout)")
        let drained = try status(a)
        #expect(drained.pending == 0 && drained.last_error == nil && drained.acknowledged_head?.sequence == 4)
        let again = try a.expunge(["sync"])
        #expect(again.stdout.contains("Pushed 0 new document(s)"), "\(again.stdout)")
        held = try stations(depot)
        #expect(held["IT-DEPOT-A"]?.documents == 4 && held["IT-DEPOT-A"]?.witnessed_head == 4)
        #expect(try depot.run(["findings"]).status == 0, "no findings yet")

        // Station B's newest certificate is deleted, with the recorded head (which would
        // otherwise keep the gap visible locally); its head, re-pushed, is lower than witnessed.
        let newest = try #require(try b.certificateFiles().last)
        for path in [newest, String(newest.dropLast(5)) + ".p7s", b.ledger + "/state.json"] { try FileManager.default.removeItem(atPath: path) }
        let tampered = try b.expunge(["sync"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("FINDING tail-deleted"), "\(tampered.stdout)")
        let findings = try depot.run(["findings", "--json"])
        #expect(findings.status == 1)
        let list = try JSONSerialization.jsonObject(with: Data(findings.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(list.map { $0["kind"] as? String } == ["tail-deleted"])
        #expect(list.first?["station"] as? String == "IT-DEPOT-B")

        // Reports run over both stations' documents at the depot.
        let gdpr = try depot.run(["report", "gdpr", "--format", "csv"])
        #expect(gdpr.status == 0, "\(gdpr.stderr)")
        #expect(gdpr.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + 5, "header + 5 attempts")
        // The depot learnt the customer from the certificate it received (ID and legal name).
        let acme = try depot.run(["report", "gdpr", "--format", "csv", "--customer", "acme-deutschland-gmbh"])
        #expect(acme.status == 0, "\(acme.stderr)")
        #expect(acme.stdout.contains("DA-2,acme-deutschland-gmbh,Acme Deutschland GmbH,IT-DEPOT-A,") && !acme.stdout.contains("DA-1,"), "\(acme.stdout)")
        let unknown = try depot.run(["report", "csrd", "--customer", "Hooli"])
        #expect(unknown.status == 65 && unknown.stderr.contains("not in the customer register"), "\(unknown.stderr)")
        // An evidence pack from the depot's archive, signed by the depot, verifies.
        #expect(try depot.run(["keys", "init", "--name", "IT-DEPOT", "--org", "Integration Tests"]).status == 0)
        let pack = depot.home + "/pack.zip"
        let built = try depot.run(["report", "evidence-pack", "-o", pack])
        #expect(built.status == 0, "\(built.stderr)")
        let verified = try a.expunge(["verify", pack])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("manifest signed"), "\(verified.stdout)")

        // The depot logged no personal data: no asset tag appears in its log.
        let log = depot.logLines()
        #expect(!log.isEmpty)
        let leaks = log.filter { String(describing: $0).contains("DA-") }
        #expect(leaks.isEmpty, "\(leaks)")
    }
}
