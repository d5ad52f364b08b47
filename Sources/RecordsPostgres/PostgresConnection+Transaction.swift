import PostgresNIO

extension PostgresConnection {
    /// Runs `body` in one transaction on this connection: committed when it returns, rolled back
    /// when it throws. The error thrown is `body`'s own (postgres-nio's `withTransaction` wraps it).
    nonisolated(nonsending) func inTransaction<T: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await query("BEGIN", logger: logger)
        do {
            let value = try await body(self)
            try await query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Runs a statement and returns how many rows it returned (with `RETURNING`: how many it
    /// changed), reading them all.
    @discardableResult
    func count(_ statement: PostgresQuery, logger: Logger) async throws -> Int {
        var n = 0
        for try await _ in try await query(statement, logger: logger) { n += 1 }
        return n
    }
}
