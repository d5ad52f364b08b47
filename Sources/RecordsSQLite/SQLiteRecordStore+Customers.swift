import Foundation
import Evidence
import GRDB
import Records
import StorageModel

/// The customer register (`RecordStore`'s customer requirements).
extension SQLiteRecordStore {
    static let insertCustomerSQL = """
        INSERT INTO customer (customer_id, legal_name, country, contact, dpa_reference, created_at, migrated_from_free_text)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ c: CustomerRecord) -> StatementArguments {
        [c.customerID, c.legalName, c.country, c.contact, c.dpaReference, c.createdAt, c.migratedFromFreeText]
    }

    public func saveCustomers(_ customers: [CustomerRecord], updating: [CustomerRecord]) async throws {
        try write { db in
            for c in customers {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customer WHERE customer_id = ?", arguments: [c.customerID]) == nil else {
                    throw CustomerRegisterError.alreadyRegistered(c.customerID)
                }
                try db.execute(sql: Self.insertCustomerSQL, arguments: Self.arguments(c))
            }
            for c in updating {
                try db.execute(sql: """
                    UPDATE customer SET legal_name = ?, country = ?, contact = ?, dpa_reference = ?, migrated_from_free_text = 0
                    WHERE customer_id = ?
                    """, arguments: [c.legalName, c.country, c.contact, c.dpaReference, c.customerID])
                guard db.changesCount == 1 else { throw CustomerRegisterError.notRegistered(c.customerID) }
            }
        }
    }

    public func ensureCustomer(_ customer: CustomerRecord) async throws -> Bool {
        try write { db in
            try db.execute(sql: Self.insertCustomerSQL.replacingOccurrences(of: "INSERT INTO", with: "INSERT OR IGNORE INTO"),
                           arguments: Self.arguments(customer))
            return db.changesCount > 0
        }
    }

    static func customer(_ row: Row) -> CustomerRecord {
        CustomerRecord(customerID: row["customer_id"], legalName: row["legal_name"], country: row["country"], contact: row["contact"],
                       dpaReference: row["dpa_reference"], createdAt: row["created_at"], migratedFromFreeText: row["migrated_from_free_text"])
    }

    public func customer(_ id: String) async throws -> CustomerRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM customer WHERE customer_id = ?", arguments: [id]).map(Self.customer) }
    }

    public func customers() async throws -> [CustomerRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM customer ORDER BY customer_id").map(Self.customer) }
    }
}
