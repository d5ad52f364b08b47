import Evidence
import Foundation
import Glibc
import StorageModel
import Testing
import TestSupport

/// A fault under load: a station pushes a long queue of signed certificates while the depot is
/// killed (SIGKILL, no graceful shutdown) and restarted, on SQLite and on PostgreSQL. Afterwards
/// every document is stored exactly once, the chain is continuous, the index matches the archive
/// (no partial rows), and there is no finding.
@Suite("depot faults: killed mid-ingest, database restarted under load", .enabled(if: Privileges.isRoot, Privileges.reason), .serialized)
struct DepotFaultTests {
    static let documents = 1_200

    struct StationRow: Decodable {
        let name: String
        let documents: Int
        let witnessed_head: UInt64?
    }

    /// A station whose ledger holds `count` signed certificates (made in process: wiping a
    /// thousand loop devices would take the test's whole budget), joined to `depot`.
    func joinedStation(_ name: String, count: Int, depot: DepotProcess) throws -> StationHome {
        let home = try StationHome(station: name)
        let signer = try StationKeyStore(home: ExpungeHome(root: home.root)).loadSigner()
        let ledger = Ledger(directory: home.ledger)
        for i in 1...count {
            var outcome = TestStation.outcome()  // one drive per certificate: its own serial
            outcome.identityAtStart.serial = "FAULT-\(i)"
            outcome.identityAtEnd = outcome.identityAtStart
            _ = try ledger.append(station: name, make: { position in
                try WipeCertificate(outcome: outcome, position: position, station: signer.station, operatorID: "op",
                                    assetID: "F-\(i)", customer: nil, tool: TestStation.tool).encoded()
            }, sign: { try signer.sign($0) })
        }
        let enroll = try depot.run(["station", "enroll", name])
        #expect(enroll.status == 0, "\(enroll.stderr)")
        let join = try home.expunge(["depot", "join", depot.url, "--token", enroll.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(join.status == 0, "\(join.stderr)")
        return home
    }

    /// `expunge sync` started in the background; `fault` runs once the push is under way.
    func syncInterrupted(_ home: StationHome, fault: () throws -> Void) throws -> Int32 {
        // posix_spawn + waitpid, not Foundation's Process: its exit was once never reported
        // while the fault's own children came and went, which hung the whole test run.
        let sync = try SpawnedProcess(Shell.expunge, ["sync"], environment: ProcessInfo.processInfo.environment.merging(
            ["EXPUNGE_HOME": home.root, "NO_COLOR": "1"]) { $1 })
        usleep(1_500_000)  // ≈ a third of the queue at the measured ingest rates
        try fault()
        let status = sync.wait(seconds: 600)
        try #require(status != nil, "`expunge sync` did not end within 10 minutes (killed)")
        return status!
    }

    /// Everything stored once: the depot holds `count` documents, its witnessed head is `count`,
    /// its GDPR register (the index) has a row per document, and it has no finding.
    func expectStoredOnce(_ depot: DepotProcess, station: String, count: Int) throws {
        let list = try depot.run(["station", "list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let row = try JSONDecoder().decode([StationRow].self, from: Data(list.stdout.utf8)).first { $0.name == station }
        #expect(row?.documents == count)
        #expect(row?.witnessed_head == UInt64(count))
        let gdpr = try depot.run(["report", "gdpr", "--format", "csv"])
        #expect(gdpr.status == 0, "\(gdpr.stderr)")
        #expect(gdpr.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + count, "header + one row per certificate")
        let findings = try depot.run(["findings"])
        #expect(findings.status == 0, "no findings: \(findings.stdout)")
    }

    func pushUntilDrained(_ home: StationHome) throws -> Shell.Result {
        var last = try home.expunge(["sync"])
        for _ in 0..<3 where last.status != 0 { last = try home.expunge(["sync"]) }
        return last
    }

    @Test(arguments: DepotProcess.Backend.allCases.filter { $0 == .sqlite || DepotProcess.postgresAvailable })
    func depotKilledMidIngestLosesNothingAndStoresEverythingOnce(_ backend: DepotProcess.Backend) throws {
        let depot = try DepotProcess(backend)
        try depot.start()
        defer { depot.stop() }
        let station = try joinedStation("IT-FAULT-KILL", count: Self.documents, depot: depot)

        let interrupted = try syncInterrupted(station) { depot.crash() }
        #expect(interrupted == 1, "the push was cut by the crash")
        try depot.start()
        let resumed = try pushUntilDrained(station)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("0 still queued"), "\(resumed.stdout)")
        try expectStoredOnce(depot, station: "IT-FAULT-KILL", count: Self.documents)
    }

    /// The repository's `Scripts/postgres-cluster`.
    static let clusterScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/postgres-cluster").path

    /// PostgreSQL restarted (fast shutdown: every connection cut) while a station pushes: the
    /// depot is not restarted, its pool reconnects, the station's retries complete the push, and
    /// everything is stored once. On a cluster of its own, so the restart cannot disturb the
    /// other PostgreSQL tests running at the same time.
    /// The `sync` child is waited for with `waitpid` and a deadline (see `syncInterrupted`).
    @Test(.enabled(if: DepotProcess.postgresAvailable, "needs PostgreSQL (PGHOST and the server binaries)"))
    func postgresRestartedUnderLoadTheDepotReconnectsAndResumes() throws {
        let started = try Shell.run(Self.clusterScript, ["start", "--no-fsync"])
        try #require(started.status == 0, "\(started.stderr)")
        var environment: [String: String] = [:]
        for line in started.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        let cluster = try #require(environment["EXPUNGE_PG_CLUSTER"])
        defer { _ = try? Shell.run(Self.clusterScript, ["stop", cluster]) }

        let depot = try DepotProcess(.postgres, environment: environment)
        try depot.start()
        defer { depot.stop() }
        let station = try joinedStation("IT-FAULT-PGRESTART", count: Self.documents, depot: depot)

        // system(3), not a second Foundation Process: waiting on one while the `sync` Process ends
        // can miss that process's exit (observed: `waitUntilExit` never returned).
        var restarts: [Int32] = []
        _ = try syncInterrupted(station) {
            restarts.append(system("'\(Self.clusterScript)' restart '\(cluster)' >/dev/null 2>&1"))
            // A second restart a moment later: connections made since the first are cut too.
            usleep(500_000)
            restarts.append(system("'\(Self.clusterScript)' restart '\(cluster)' >/dev/null 2>&1"))
        }
        #expect(restarts == [0, 0], "both restarts succeeded")
        #expect(depot.isRunning, "the depot survived the database restarts")
        let resumed = try pushUntilDrained(station)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("0 still queued"), "\(resumed.stdout)")
        #expect(depot.isRunning, "the same depot process served the rest of the push")
        try expectStoredOnce(depot, station: "IT-FAULT-PGRESTART", count: Self.documents)
    }
}
