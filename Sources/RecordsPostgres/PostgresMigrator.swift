import Foundation
import PostgresNIO
import StorageModel

/// The schema's numbered migrations, `Migrations/NNNN_name.sql` (resources of this module),
/// applied in order, each in its own transaction, and recorded in `schema_version`. Concurrent
/// depots migrating the same schema take turns on an advisory lock; a schema newer than this
/// program knows is refused. A file's statements end with a semicolon at the end of a line;
/// lines starting with `--` are comments.
struct PostgresMigrator: Sendable {
    struct Migration: Sendable, Hashable {
        let version: Int
        let name: String
        let statements: [String]
    }

    let migrations: [Migration]

    /// The migrations shipped with the module, in order; throws when a number is missing or
    /// repeated.
    static func bundled() throws -> PostgresMigrator {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Migrations") else {
            throw ExpungeError(.failed, code: "database-migrations", "the PostgreSQL migrations are not installed beside the program")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(try parse(fileName: name, text: text))
        }
        return try PostgresMigrator(migrations)
    }

    init(_ migrations: [Migration]) throws {
        let sorted = migrations.sorted { $0.version < $1.version }
        guard sorted.map(\.version) == Array(1...max(1, sorted.count)) else {
            throw ExpungeError(.failed, code: "database-migrations",
                               "the PostgreSQL migrations are not numbered 1 to \(sorted.count): \(sorted.map(\.version))")
        }
        self.migrations = sorted
    }

    /// `0001_records.sql` → version 1, name `records`, its statements.
    static func parse(fileName: String, text: String) throws -> Migration {
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
            throw ExpungeError(.failed, code: "database-migrations", "migration file \(fileName) is not named NNNN_name.sql")
        }
        return Migration(version: version, name: String(stem[stem.index(after: underscore)...]), statements: statements(text))
    }

    /// The statements of a migration file.
    static func statements(_ text: String) -> [String] {
        var out: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") || trimmed.isEmpty { continue }
            current.append(line)
            if trimmed.hasSuffix(";") {
                out.append(current.joined(separator: "\n"))
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    var latest: Int { migrations.last?.version ?? 0 }

    /// Applies what the schema lacks; returns the versions applied (empty when it was current).
    func apply(on connection: PostgresConnection, settings: PostgresSettings, logger: Logger) async throws -> [Int] {
        var encoding = ""
        for try await value in try await connection.query("SHOW server_encoding", logger: logger).decode(String.self) { encoding = value }
        guard encoding == "UTF8" else {
            throw ExpungeError(.failed, code: "database-encoding", "the database \(settings.database) is encoded \(encoding), not UTF8",
                               remedy: "create the depot's database with ENCODING 'UTF8' (createdb -E UTF8 -T template0 …)")
        }
        var applied: [Int] = []
        for migration in migrations {
            let done = try await connection.inTransaction(logger: logger) { c -> Bool in
                // One migrator at a time per schema; the lock ends with the transaction.
                try await c.query("SELECT pg_advisory_xact_lock(2071113, hashtext(COALESCE(current_schema(), '')))", logger: logger)
                try await c.query("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                var current = 0
                for try await v in try await c.query("SELECT COALESCE(MAX(version), 0) FROM schema_version", logger: logger).decode(Int.self) {
                    current = v
                }
                guard current <= latest else {
                    throw ExpungeError(.failed, code: "database-newer",
                                       "the database \(settings.description) has schema version \(current); this program knows up to \(latest)",
                                       remedy: "run the newer expunge-depot that migrated it")
                }
                guard current < migration.version else { return false }
                for statement in migration.statements {
                    try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await c.query("INSERT INTO schema_version (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                return true
            }
            if done { applied.append(migration.version) }
        }
        return applied
    }

    /// The schema's version (0 when nothing was applied).
    static func version(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var exists = false
        for try await e in try await connection.query("SELECT to_regclass('schema_version') IS NOT NULL", logger: logger).decode(Bool.self) {
            exists = e
        }
        guard exists else { return 0 }
        var current = 0
        for try await v in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_version", logger: logger).decode(Int.self) {
            current = v
        }
        return current
    }
}
