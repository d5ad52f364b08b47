import ArgumentParser
import Devices
import Evidence
import Foundation
import Records
import RecordsSQLite
import Sanitization
import Station
import StorageModel

/// Options every command takes. `--home` (or `$EXPUNGE_HOME`) says where the station keeps its
/// keys, ledger, journal and record store.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Station state directory (default: $EXPUNGE_HOME, else /var/lib/expunge).", valueName: "dir"))
    var home: String?

    /// The composition root: the one place where the real home, inventory, key store and record
    /// store are chosen. Every command gets its environment from here.
    func environment(probeExclusivity: Bool = true) -> StationEnvironment {
        let home = resolvedHome
        return StationEnvironment(
            home: home,
            inventory: .system(probeExclusivity: probeExclusivity),
            tool: Self.tool,
            openStore: {
                try home.checkPermissions()
                let store = try SQLiteRecordStore(path: home.recordsPath)
                // Documents the index missed (a locked store, a crash, a lost store) are indexed now.
                _ = try await RecordIndexer(ledgerDirectory: home.ledger, trust: StationKeyStore(home: home).localTrust()).catchUp(into: store)
                return store
            },
            loadSigner: { try StationKeyStore(home: home).loadSigner() },
            beforeVerification: TestHook.beforeVerification)
    }

    /// This build (its SHA-256 is read once per process, in the background from the first attempt).
    static let tool = BuildIdentity(version: Expunge.version)

    /// The record store for a report or evidence pack: refused while any document of the ledger
    /// is outside the index, so a report never silently leaves a certificate out.
    func completeStore() async throws -> any RecordStore {
        let environment = environment()
        let store = try await environment.openStore()
        try await RecordIndexer(ledgerDirectory: environment.home.ledger, trust: StationKeyStore(home: environment.home).localTrust())
            .requireComplete(store)
        return store
    }

    var resolvedHome: ExpungeHome {
        if let home, !home.isEmpty { return ExpungeHome(root: home) }
        let env = ProcessInfo.processInfo.environment["EXPUNGE_HOME"]
        return ExpungeHome(root: env?.isEmpty == false ? env! : "/var/lib/expunge")
    }
}

/// Test seam: `EXPUNGE_TEST_HOOK_BEFORE_VERIFY` names a program run (with the device path as its
/// argument) between the last flush and the verification reads, so integration tests can change
/// data behind the tool's back. Documented in Docs/design/testing.md.
enum TestHook {
    static let beforeVerification: @Sendable (String) -> Void = { device in
        guard let hook = ProcessInfo.processInfo.environment["EXPUNGE_TEST_HOOK_BEFORE_VERIFY"], !hook.isEmpty else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: hook)
        p.arguments = [device]
        try? p.run()
        p.waitUntilExit()
    }
}
