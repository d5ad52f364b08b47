import Foundation
import GRDB
import RecordStoreContract
import Records
@testable import RecordsSQLite
import StorageModel
import Testing

@Suite("SQLite store: the customer register migration")
struct SQLiteCustomerMigrationTests {
    /// A store written before the register (migrated up to `v4-depot`) with free-text customers on
    /// assets and certificates opens with each distinct text as a migrated register entry, and
    /// its assets keep referring to it.
    @Test func freeTextCustomersBecomeMigratedRegisterEntries() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-migration-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/records.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteRecordStore.migrator.migrate(queue, upTo: "v4-depot")
            try await queue.write { db in
                for (id, customer) in [("A-1", "Acme Corp"), ("A-2", "Acme Corp"), ("A-3", "Łódź Sp. z o.o."), ("A-4", nil), ("A-5", "")] as [(String, String?)] {
                    try db.execute(sql: "INSERT INTO asset (asset_id, customer, in_register, created_at) VALUES (?, ?, 1, '2026-01-02T09:00:00Z')",
                                   arguments: [id, customer])
                }
            }
            try queue.close()
        }
        let store = try SQLiteRecordStore(path: path)
        let customers = try await store.customers()
        #expect(customers.map(\.customerID) == ["Acme Corp", "Łódź Sp. z o.o."])
        #expect(customers.allSatisfy { $0.migratedFromFreeText && $0.legalName == $0.customerID })
        #expect(try await store.asset("A-1")?.customer == "Acme Corp")
        #expect(CustomerReferences(customers).resolve("acme corp")?.customerID == "Acme Corp", "the legal name resolves case-insensitively")
    }
}
