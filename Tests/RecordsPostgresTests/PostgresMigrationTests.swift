import Foundation
import PostgresNIO
import RecordsPostgres
import StorageModel
import Testing

@Suite("PostgreSQL store: migrations and connection failures")
struct PostgresMigrationTests {
    @Test(.enabled(if: PostgresTestDatabase.available, Comment(rawValue: PostgresTestDatabase.skipMessage)))
    func migrationsApplyOnceInOrderAndRecordTheirVersions() async throws {
        try await PostgresTestDatabase.withFreshSchema { store in
            // withFreshSchema migrated: again is nothing to do.
            #expect(try await store.migrate() == [])
            let version = try await store.schemaVersion()
            #expect(version.current == version.latest && version.latest >= 2)
            var recorded: [Int] = []
            for try await v in try await store.client.query("SELECT version FROM schema_version ORDER BY version").decode(Int.self) { recorded.append(v) }
            #expect(recorded == Array(1...version.latest))
        }
    }

    @Test(.enabled(if: PostgresTestDatabase.available, Comment(rawValue: PostgresTestDatabase.skipMessage)))
    func concurrentMigrationsOfOneSchemaTakeTurns() async throws {
        let base = try PostgresTestDatabase.baseSettings()
        let schema = "expunge_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresTestDatabase.admin(base, "CREATE SCHEMA \(schema)")
        var inSchema = base
        inSchema.searchPath = schema
        let settings = inSchema
        let applied: [Int], latest: Int
        do {
            applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await withPostgresStore(settings, migrate: false) { try await $0.migrate() } } }
                var all: [Int] = []
                for try await a in group { all += a }
                return all
            }
            latest = try await withPostgresStore(settings, migrate: false) { try await $0.schemaVersion().latest }
        } catch {
            try? await PostgresTestDatabase.admin(base, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await PostgresTestDatabase.admin(base, "DROP SCHEMA \(schema) CASCADE")
        #expect(applied.sorted() == Array(1...latest), "each migration applied by exactly one of the four: \(applied)")
    }

    @Test(.enabled(if: PostgresTestDatabase.available, Comment(rawValue: PostgresTestDatabase.skipMessage)))
    func aSchemaNewerThanTheProgramIsRefused() async throws {
        try await PostgresTestDatabase.withFreshSchema { store in
            for try await _ in try await store.client.query("INSERT INTO schema_version (version, name) VALUES (999, 'from-the-future')") {}
            await #expect {
                try await store.migrate()
            } throws: { error in
                (error as? ExpungeError)?.code == "database-newer"
            }
        }
    }

    // Needs a server that asks for a password (the cluster of Scripts/postgres-cluster does).
    @Test(.enabled(if: PostgresTestDatabase.available, Comment(rawValue: PostgresTestDatabase.skipMessage)),
          .enabled(if: ProcessInfo.processInfo.environment["PGPASSWORD"] != nil, "PGPASSWORD is not set: the server may not ask for one"))
    func wrongCredentialsAreAPermissionError() async throws {
        var settings = try PostgresTestDatabase.baseSettings()
        settings.password = "certainly-not-the-password"
        await #expect {
            try await withPostgresStore(settings) { _ in }
        } throws: { error in
            guard let e = error as? ExpungeError else { return false }
            return e.exitStatus == .permission && e.code == "database-auth" && !e.message.contains("certainly-not")
        }
    }

    /// Runs without a server: nothing listens on the port.
    @Test func anUnreachableServerIsReportedAtOnceWithItsAddress() async throws {
        let settings = PostgresSettings(host: "127.0.0.1", port: 1, user: "expunge", password: "x", database: "depot", sslMode: .disable)
        await #expect {
            try await withPostgresStore(settings) { _ in }
        } throws: { error in
            guard let e = error as? ExpungeError else { return false }
            return e.code == "database-unreachable" && e.message.contains("127.0.0.1:1") && e.remedy?.contains("PGHOST") == true
        }
    }
}
