import ArgumentParser
import Depot
import Evidence
import Foundation
import Records
import RecordsPostgres
import RecordsSQLite
import StorageModel

/// Options every `expunge-depot` command takes, and the composition root: the one place where
/// the depot's home and database are chosen and the archive and record store are opened.
struct DepotOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The depot's state directory (default: $EXPUNGE_DEPOT_HOME, else /var/lib/expunge-depot).", valueName: "dir"))
    var home: String?

    @Option(name: .long, help: ArgumentHelp(
        "postgres://USER@HOST/DB or sqlite:PATH (default: $EXPUNGE_DEPOT_DATABASE, else sqlite:HOME/depot.sqlite).", valueName: "url"))
    var database: String?

    var resolvedHome: String {
        if let home, !home.isEmpty { return home }
        let env = ProcessInfo.processInfo.environment["EXPUNGE_DEPOT_HOME"]
        return env?.isEmpty == false ? env! : "/var/lib/expunge-depot"
    }

    /// Where the data lives.
    enum Backend: Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    func backend() throws -> Backend {
        let text = database ?? ProcessInfo.processInfo.environment["EXPUNGE_DEPOT_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return .sqlite(path: resolvedHome + "/depot.sqlite") }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ExpungeError(.usage, code: "invalid-database", "sqlite: needs a path", remedy: "write --database sqlite:/var/lib/expunge-depot/depot.sqlite") }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(url: text) }
        throw ExpungeError(.usage, code: "invalid-database", "--database must be postgres://… or sqlite:PATH",
                           remedy: "write --database sqlite:PATH for the embedded database, postgres://USER@HOST/DB for a server")
    }

    /// Runs `body` with the archive and the record store on the chosen database, its schema
    /// migrated first. PostgreSQL's connection pool runs for the duration of `body` and is closed
    /// when it returns (after the server's graceful shutdown, for `serve`).
    func withDepot<T: Sendable>(_ body: (OpenedDepot) async throws -> T) async throws -> T {
        switch try backend() {
        case .sqlite(let path):
            try AtomicFile.ensureDirectory((path as NSString).deletingLastPathComponent)
            let archive = try SQLiteDepotArchive(path: path)
            return try await body(OpenedDepot(archive: archive, store: archive.records, description: "sqlite:\(path)", postgres: nil))
        case .postgres(let url):
            let settings = try PostgresSettings(url: url)
            return try await withPostgresStore(settings) { records in
                try await body(OpenedDepot(archive: PostgresDepotArchive(records), store: records, description: "postgres://\(settings)",
                                           postgres: records))
            }
        }
    }
}

/// An opened depot database.
struct OpenedDepot {
    let archive: any DepotArchive
    let store: any RecordStore
    /// `sqlite:PATH`, or `postgres://user@host:port/database` (never the password).
    let description: String
    /// The PostgreSQL store, when the depot runs on PostgreSQL.
    let postgres: PostgresRecordStore?
}
