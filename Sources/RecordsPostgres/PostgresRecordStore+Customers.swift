import Foundation
import Evidence
import PostgresNIO
import Records
import StorageModel

/// The customer register (`RecordStore`'s customer requirements).
extension PostgresRecordStore {
    static let customerColumns = ["customer_id", "legal_name", "country", "contact", "dpa_reference", "created_at", "migrated_from_free_text"]
    static let insertCustomerSQL = "INSERT INTO customer (\(customerColumns.joined(separator: ", "))) VALUES (\(placeholders(customerColumns.count)))"

    static func bindings(_ c: CustomerRecord) -> PostgresBindings {
        var b = PostgresBindings(capacity: customerColumns.count)
        append(c, to: &b)
        return b
    }

    /// Appends the row's values in `customerColumns` order.
    static func append(_ c: CustomerRecord, to b: inout PostgresBindings) {
        b.append(c.customerID)
        b.append(c.legalName)
        b.append(c.country)
        b.append(c.contact)
        b.append(c.dpaReference)
        b.append(c.createdAt)
        b.append(c.migratedFromFreeText)
    }

    static func customer(_ r: ColumnReader) throws -> CustomerRecord {
        CustomerRecord(customerID: try r("customer_id"), legalName: try r("legal_name"), country: try r("country"), contact: try r("contact"),
                       dpaReference: try r("dpa_reference"), createdAt: try r("created_at"), migratedFromFreeText: try r("migrated_from_free_text"))
    }

    public func saveCustomers(_ customers: [CustomerRecord], updating: [CustomerRecord]) async throws {
        try await transaction { c in
            for customer in customers {
                guard try await c.count(PostgresQuery(unsafeSQL: Self.insertCustomerSQL + " ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id",
                                                      binds: Self.bindings(customer)), logger: logger) == 1 else {
                    throw CustomerRegisterError.alreadyRegistered(customer.customerID)
                }
            }
            for u in updating {
                guard try await c.count("""
                    UPDATE customer SET legal_name = \(u.legalName), country = \(u.country), contact = \(u.contact),
                        dpa_reference = \(u.dpaReference), migrated_from_free_text = FALSE
                    WHERE customer_id = \(u.customerID) RETURNING customer_id
                    """, logger: logger) == 1 else {
                    throw CustomerRegisterError.notRegistered(u.customerID)
                }
            }
        }
    }

    public func ensureCustomer(_ customer: CustomerRecord) async throws -> Bool {
        try await transaction { c in
            try await c.count(PostgresQuery(unsafeSQL: Self.insertCustomerSQL + " ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id",
                                            binds: Self.bindings(customer)), logger: logger) > 0
        }
    }

    public func customer(_ id: String) async throws -> CustomerRecord? {
        try await rows("SELECT * FROM customer WHERE customer_id = \(id)", Self.customer).first
    }

    public func customers() async throws -> [CustomerRecord] {
        try await rows("SELECT * FROM customer ORDER BY customer_id", Self.customer)
    }
}
