import Evidence
import PostgresNIO
import Records
import StorageModel

/// The statement that archives one pushed document, prepared once per connection (PostgreSQL
/// parses and plans it once instead of for every document): the document row, and only when it
/// was inserted, its customer and asset (each when given), its index row and the station's chain
/// summary; it returns the document's ID (no row: nothing inserted) with the chain summary as the
/// statement's snapshot saw it, before this document. One statement per index kind, so that each
/// has one fixed text; absent customer or asset values are NULLs behind a false flag.
/// Parameter types are declared, never inferred: a NULL must not leave a type to the server.
struct ArchiveStatement<Index: ArchiveIndexKind>: PostgresPreparedStatement {
    typealias Row = (String, Int64?, Int64?, Int64?)

    static var name: String { "expunge_archive_" + Index.table }

    static var sql: String { ArchiveStatementText.sql(table: Index.table, columns: Index.columns) }

    static var bindingDataTypes: [PostgresDataType] {
        ArchiveStatementText.documentTypes + ArchiveStatementText.customerTypes + [.bool] + ArchiveStatementText.assetTypes + [.bool] + Index.types
    }

    let bindings: PostgresBindings

    init(_ document: ArchivedDocument, entry: Index.Entry, asset: AssetRecord?, customer: CustomerRecord?) {
        var b = PostgresBindings(capacity: Self.bindingDataTypes.count)
        b.append(document.id)
        b.append(document.kind.rawValue)
        b.append(document.station)
        b.append(Int64(clamping: document.sequence))
        b.append(document.previousSHA256)
        b.append(document.sha256)
        b.append(ByteBuffer(bytes: document.document))
        b.append(ByteBuffer(bytes: document.signature))
        b.append(document.receivedAt)
        if let customer { PostgresRecordStore.append(customer, to: &b) } else { for _ in ArchiveStatementText.customerTypes { b.appendNull() } }
        b.append(customer != nil)
        if let asset { PostgresRecordStore.append(asset, to: &b) } else { for _ in ArchiveStatementText.assetTypes { b.appendNull() } }
        b.append(asset != nil)
        Index.append(entry, to: &b)
        bindings = b
    }

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// What the index row of an archived document is: its table, columns, their types, its values.
protocol ArchiveIndexKind: Sendable {
    associatedtype Entry
    static var table: String { get }
    static var columns: [String] { get }
    static var types: [PostgresDataType] { get }
    static func append(_ entry: Entry, to b: inout PostgresBindings)
}

enum CertificateIndex: ArchiveIndexKind {
    static let table = "certificate"
    static var columns: [String] { PostgresRecordStore.certificateColumns }
    /// In `PostgresRecordStore.append(_: CertificateIndexEntry, to:)` order.
    static let types: [PostgresDataType] = [
        .text, .text, .text, .int8, .text, .text, .text, .text, .text, .int8, .text, .text, .text, .text, .int8, .text, .float8, .text,
        .text, .text, .text, .text, .text, .text, .bool, .text, .int8, .int8Array, .int8,
    ]
    static func append(_ entry: CertificateIndexEntry, to b: inout PostgresBindings) { PostgresRecordStore.append(entry, to: &b) }
}

enum DisposalIndex: ArchiveIndexKind {
    static let table = "disposal"
    static var columns: [String] { PostgresRecordStore.disposalColumns }
    /// In `PostgresRecordStore.append(_: DisposalIndexEntry, to:)` order.
    static let types: [PostgresDataType] = [
        .text, .text, .text, .text, .text, .text, .text, .text, .float8, .text, .int8, .text, .bool, .text, .text, .text, .text, .text, .text, .text,
    ]
    static func append(_ entry: DisposalIndexEntry, to b: inout PostgresBindings) { PostgresRecordStore.append(entry, to: &b) }
}

/// The archiving statement's text and the parameter types of its fixed parts.
enum ArchiveStatementText {
    static let documentColumns = ["document_id", "kind", "station", "sequence", "previous_sha256", "sha256", "document", "signature", "received_at"]
    static let documentTypes: [PostgresDataType] = [.text, .text, .text, .int8, .text, .text, .bytea, .bytea, .text]
    /// In `PostgresRecordStore.append(_: CustomerRecord, to:)` order.
    static let customerTypes: [PostgresDataType] = [.text, .text, .text, .text, .text, .text, .bool]
    /// In `PostgresRecordStore.append(_: AssetRecord, to:)` order.
    static let assetTypes: [PostgresDataType] = [.text, .text, .text, .text, .text, .text, .float8, .bool, .text]

    static func sql(table: String, columns: [String]) -> String {
        let p = PostgresRecordStore.placeholders
        var next = documentColumns.count + 1
        func take(_ n: Int) -> String {
            defer { next += n }
            return p(n, next)
        }
        let customerValues = take(PostgresRecordStore.customerColumns.count)
        let customerFlag = next
        next += 1
        let assetValues = take(PostgresRecordStore.assetColumns.count)
        let assetFlag = next
        next += 1
        let indexValues = take(columns.count)
        return """
            WITH d AS (INSERT INTO depot_document (\(documentColumns.joined(separator: ", "))) VALUES (\(p(documentColumns.count, 1)))
                ON CONFLICT DO NOTHING RETURNING document_id),
            s AS (INSERT INTO depot_chain (station, documents, lowest, highest, last_received_at) SELECT $3, 1, $4, $4, $9
                WHERE EXISTS (SELECT 1 FROM d) ON CONFLICT (station) DO UPDATE SET documents = depot_chain.documents + 1,
                lowest = LEAST(depot_chain.lowest, EXCLUDED.lowest), highest = GREATEST(depot_chain.highest, EXCLUDED.highest),
                last_received_at = GREATEST(depot_chain.last_received_at, EXCLUDED.last_received_at)),
            c AS (INSERT INTO customer (\(PostgresRecordStore.customerColumns.joined(separator: ", "))) SELECT \(customerValues)
                WHERE EXISTS (SELECT 1 FROM d) AND $\(customerFlag) ON CONFLICT (customer_id) DO NOTHING),
            a AS (INSERT INTO asset (\(PostgresRecordStore.assetColumns.joined(separator: ", "))) SELECT \(assetValues)
                WHERE EXISTS (SELECT 1 FROM d) AND $\(assetFlag) ON CONFLICT (asset_id) DO NOTHING),
            i AS (INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(indexValues)
                WHERE EXISTS (SELECT 1 FROM d) ON CONFLICT (\(columns[0])) DO UPDATE SET
                \(columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")))
            SELECT d.document_id, chain.documents, chain.lowest, chain.highest FROM d LEFT JOIN depot_chain AS chain ON chain.station = $3
            """
    }
}
