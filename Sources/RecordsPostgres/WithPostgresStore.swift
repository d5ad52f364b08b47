import PostgresNIO

/// Opens a PostgreSQL record store for the duration of `body`: runs its connection pool in a
/// child task, migrates the schema first (unless `migrate` is false), and closes the pool when
/// `body` returns or throws. For a command (`expunge-depot migrate`, `report`, `station list`);
/// a long-running server adds `store.client` to its service group instead.
public nonisolated(nonsending) func withPostgresStore<T: Sendable>(_ settings: PostgresSettings, migrate: Bool = true, logger: Logger? = nil,
                                           _ body: (PostgresRecordStore) async throws -> T) async throws -> T {
    let store = PostgresRecordStore(settings: settings, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await store.run() }
        defer { group.cancelAll() }
        if migrate { try await store.migrate() }
        return try await body(store)
    }
}
