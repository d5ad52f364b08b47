import RecordStoreContract
import RecordsPostgres
import Testing

// Skipped without a server (PGHOST unset), so `swift test` passes on a machine without one.
@Suite("Record store and depot archive contracts: PostgreSQL", .enabled(if: PostgresTestDatabase.available, Comment(rawValue: PostgresTestDatabase.skipMessage)))
struct PostgresContractTests {
    @Test(arguments: RecordStoreContract.cases)
    func recordStore(_ behaviour: RecordStoreContract) async throws {
        try await PostgresTestDatabase.withFreshSchema { store in try await behaviour.run(on: store) }
    }

    @Test(arguments: DepotArchiveContract.cases)
    func depotArchive(_ behaviour: DepotArchiveContract) async throws {
        try await PostgresTestDatabase.withFreshSchema { store in try await behaviour.run(on: PostgresDepotArchive(store), records: store) }
    }
}
