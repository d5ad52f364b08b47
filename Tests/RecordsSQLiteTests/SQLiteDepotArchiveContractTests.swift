import RecordStoreContract
import RecordsSQLite
import Testing

@Suite("Depot archive contract: SQLite")
struct SQLiteDepotArchiveContractTests {
    @Test(arguments: DepotArchiveContract.cases)
    func contract(_ behaviour: DepotArchiveContract) async throws {
        let t = try TemporaryStore()
        try await behaviour.run(on: SQLiteDepotArchive(t.store), records: t.store)
    }
}
