import PostgresNIO
import StorageModel

/// Reads a result row's columns by name (the lookup table is the query's, built once), throwing
/// a clear error instead of trapping when a column is missing.
struct ColumnReader {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func callAsFunction<T: PostgresDecodable>(_ name: String, as: T.Type = T.self) throws -> T {
        guard row.contains(name) else { throw ExpungeError(.failed, code: "database-schema", "the query result has no column \(name)") }
        return try row[name].decode(T.self)
    }

    /// A BIGINT that holds an unsigned value (sequences, sizes).
    func unsigned(_ name: String) throws -> UInt64 { UInt64(max(0, try self(name, as: Int64.self))) }

    func unsignedIfPresent(_ name: String) throws -> UInt64? { try self(name, as: Int64?.self).map { UInt64(max(0, $0)) } }
}
