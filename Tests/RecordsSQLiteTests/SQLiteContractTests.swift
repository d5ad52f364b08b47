import RecordStoreContract
import RecordsSQLite
import Testing

@Suite("Record store contract: SQLite")
struct SQLiteContractTests {
    @Test(arguments: RecordStoreContract.cases)
    func contract(_ behaviour: RecordStoreContract) async throws {
        let t = try TemporaryStore()
        try await behaviour.run(on: t.store)
    }
}
