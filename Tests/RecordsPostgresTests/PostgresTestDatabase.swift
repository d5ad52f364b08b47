import Foundation
import PostgresNIO
import RecordsPostgres

/// The PostgreSQL server the tests use, from the libpq variables (`PGHOST`, `PGPORT`, `PGUSER`,
/// `PGPASSWORD`, `PGDATABASE`; `Scripts/postgres-cluster start` prints them). Each test works in a
/// schema of its own, created empty and dropped afterwards, so tests run in parallel without
/// seeing each other.
enum PostgresTestDatabase {
    /// Whether a server is configured; without `PGHOST` the PostgreSQL suites are skipped.
    static let available = ProcessInfo.processInfo.environment["PGHOST"].map { !$0.isEmpty } ?? false

    static let skipMessage = "PGHOST is not set: no PostgreSQL server for these tests (eval \"$(Scripts/postgres-cluster start)\" provides one)"

    static func baseSettings() throws -> PostgresSettings {
        var s = try PostgresSettings()
        s.applicationName = "expunge-tests"
        s.maximumConnections = 4
        return s
    }

    /// Runs `body` on a migrated store in a new schema, dropped afterwards (whatever happens).
    static func withFreshSchema<T: Sendable>(_ body: (PostgresRecordStore) async throws -> T) async throws -> T {
        let base = try baseSettings()
        // The schema name is made here, of hex digits only: identifiers cannot be bind parameters.
        let schema = "expunge_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(base, "CREATE SCHEMA \(schema)")
        var settings = base
        settings.searchPath = schema
        do {
            let result = try await withPostgresStore(settings) { try await body($0) }
            try await admin(base, "DROP SCHEMA \(schema) CASCADE")
            return result
        } catch {
            try? await admin(base, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
    }

    /// Runs one statement of the tests' own (schema management) outside any test schema.
    static func admin(_ settings: PostgresSettings, _ sql: String) async throws {
        try await withPostgresStore(settings, migrate: false) { store in
            for try await _ in try await store.client.query(PostgresQuery(unsafeSQL: sql)) {}
        }
    }
}
