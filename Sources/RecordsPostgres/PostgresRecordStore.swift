import Foundation
import Evidence
import PostgresNIO
import Records
import StorageModel

/// The record store on a PostgreSQL server (the depot), through postgres-nio's `PostgresClient`.
/// Every value travels as a bind parameter; the SQL texts are constants (filters append constant
/// fragments with their own placeholders). Listings and reports stream rows with constant memory.
///
/// Lifecycle: the client's pool works only while `run()` runs in a task. Either
///
///     try await withPostgresStore(settings) { store in … }   // runs, migrates, closes
///
/// or, in a server, add `store.client` (a swift-service-lifecycle `Service`) to the service group
/// (or call `run()` in a task of your own and cancel it to close the pool), then `migrate()`.
public final class PostgresRecordStore: RecordStore {
    public let settings: PostgresSettings
    /// The connection pool; run it (`run()`) for as long as the store is used.
    public let client: PostgresClient
    let logger: Logger

    /// A store on the server `settings` names. Nothing connects until `run()` runs and a query is made.
    public init(settings: PostgresSettings, logger: Logger? = nil) {
        self.settings = settings
        self.logger = logger ?? {
            var quiet = Logger(label: "expunge.records.postgres")
            quiet.logLevel = .critical
            return quiet
        }()
        client = PostgresClient(configuration: settings.clientConfiguration(), backgroundLogger: self.logger)
    }

    /// Runs the connection pool until the calling task is cancelled (then closes its connections).
    public func run() async { await client.run() }

    /// Applies the schema migrations the database lacks (each in a transaction) and returns the
    /// versions applied. Connects directly, so that an unreachable server or refused credentials
    /// are reported at once with their reason.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let migrator = try PostgresMigrator.bundled()
        return try await withDirectConnection { connection in
            try await migrator.apply(on: connection, settings: settings, logger: logger)
        }
    }

    /// The schema version of the database (0: never migrated) and the latest this program knows.
    public func schemaVersion() async throws -> (current: Int, latest: Int) {
        let latest = try PostgresMigrator.bundled().latest
        let current = try await withDirectConnection { connection in try await PostgresMigrator.version(on: connection, logger: logger) }
        return (current, latest)
    }

    func withDirectConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            let connection = try await PostgresConnection.connect(configuration: settings.connectionConfiguration(), id: 0, logger: logger)
            do {
                let value = try await body(connection)
                try? await connection.close()
                return value
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw PostgresFailure.describe(error, settings: settings)
        }
    }

    /// One transaction on a pooled connection; PostgreSQL errors become operator errors, any
    /// other error passes through unchanged.
    @discardableResult
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await connection.inTransaction(logger: logger, body) }
        } catch {
            throw PostgresFailure.describe(error, settings: settings)
        }
    }

    /// Reads on a pooled connection (one statement is its own snapshot).
    func reading<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresFailure.describe(error, settings: settings)
        }
    }

    /// Streams the rows of `statement` to `body`, one at a time.
    func forEachRow(_ statement: PostgresQuery, _ body: (ColumnReader) throws -> Void) async throws {
        try await reading { connection in
            for try await row in try await connection.query(statement, logger: logger) { try body(ColumnReader(row)) }
        }
    }

    func rows<T: Sendable>(_ statement: PostgresQuery, _ map: (ColumnReader) throws -> T) async throws -> [T] {
        try await reading { connection in
            var out: [T] = []
            for try await row in try await connection.query(statement, logger: logger) { out.append(try map(ColumnReader(row))) }
            return out
        }
    }

    // MARK: - Assets

    static let assetColumns = ["asset_id", "serial", "manufacturer", "model", "category", "customer", "weight_kg", "in_register", "created_at"]
    static let insertAssetSQL = "INSERT INTO asset (\(assetColumns.joined(separator: ", "))) VALUES (\(placeholders(assetColumns.count)))"

    /// `$1, $2, … $n`.
    static func placeholders(_ n: Int, from first: Int = 1) -> String {
        (first..<(first + n)).map { "$\($0)" }.joined(separator: ", ")
    }

    /// `INSERT INTO table (columns) VALUES ($1…) ON CONFLICT (first column) DO UPDATE SET` every
    /// other column: indexing the same document twice replaces its row (idempotent).
    static func upsertSQL(table: String, columns: [String]) -> String {
        """
        INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders(columns.count)))
        ON CONFLICT (\(columns[0])) DO UPDATE SET \(columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "))
        """
    }

    static func bindings(_ a: AssetRecord) -> PostgresBindings {
        var b = PostgresBindings(capacity: assetColumns.count)
        append(a, to: &b)
        return b
    }

    /// Appends the row's values in `assetColumns` order.
    static func append(_ a: AssetRecord, to b: inout PostgresBindings) {
        b.append(a.assetID)
        b.append(a.serial)
        b.append(a.manufacturer)
        b.append(a.model)
        b.append(a.category)
        b.append(a.customer)
        b.append(a.weightKg)
        b.append(a.inRegister)
        b.append(a.createdAt)
    }

    static func asset(_ r: ColumnReader) throws -> AssetRecord {
        AssetRecord(assetID: try r("asset_id"), serial: try r("serial"), manufacturer: try r("manufacturer"), model: try r("model"),
                    category: try r("category"), customer: try r("customer"), weightKg: try r("weight_kg"),
                    inRegister: try r("in_register"), createdAt: try r("created_at"))
    }

    static let updateAssetSQL = """
        UPDATE asset SET serial = COALESCE($1, serial), manufacturer = COALESCE($2, manufacturer), model = COALESCE($3, model),
            category = COALESCE($4, category), customer = COALESCE($5, customer), weight_kg = COALESCE($6, weight_kg), in_register = TRUE
        WHERE asset_id = $7 RETURNING asset_id
        """

    public func importAssets(_ assets: [AssetRecord], updating: [AssetRecord], eachRow: (Int) throws -> Void) async throws {
        try await transaction { c in
            for (i, a) in assets.enumerated() {
                try await c.query(PostgresQuery(unsafeSQL: Self.insertAssetSQL, binds: Self.bindings(a)), logger: logger)
                try eachRow(i + 1)
            }
            for (i, a) in updating.enumerated() {
                var b = PostgresBindings()
                b.append(a.serial)
                b.append(a.manufacturer)
                b.append(a.model)
                b.append(a.category)
                b.append(a.customer)
                b.append(a.weightKg)
                b.append(a.assetID)
                guard try await c.count(PostgresQuery(unsafeSQL: Self.updateAssetSQL, binds: b), logger: logger) == 1 else {
                    throw ExpungeError(.badInput, code: "asset-not-found",
                                       "asset \(a.assetID) is not in the register, so it cannot be updated; nothing was imported",
                                       remedy: "import it as a new asset (without it in the update set)")
                }
                try eachRow(assets.count + i + 1)
            }
        }
    }

    public func existingAssetIDs(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return Set(try await rows("SELECT asset_id FROM asset WHERE asset_id = ANY(\(ids))") { try $0("asset_id", as: String.self) })
    }

    public func ensureAsset(_ asset: AssetRecord) async throws -> Bool {
        try await transaction { c in
            try await c.count(PostgresQuery(unsafeSQL: Self.insertAssetSQL + " ON CONFLICT (asset_id) DO NOTHING RETURNING asset_id",
                                            binds: Self.bindings(asset)), logger: logger) > 0
        }
    }

    public func asset(_ id: String) async throws -> AssetRecord? {
        try await rows("SELECT * FROM asset WHERE asset_id = \(id)", Self.asset).first
    }

    public func markAwaitingDestruction(_ id: String, at: String?) async throws {
        let changed = try await transaction { c in
            try await c.count("UPDATE asset SET awaiting_destruction_since = \(at) WHERE asset_id = \(id) RETURNING asset_id", logger: logger)
        }
        if changed == 0 { throw ExpungeError(.badInput, "no asset \(id)", remedy: "check the ID with `expunge asset list`") }
    }

    public func isMarkedAwaitingDestruction(_ id: String) async throws -> Bool {
        try await rows("SELECT awaiting_destruction_since FROM asset WHERE asset_id = \(id)") {
            try $0("awaiting_destruction_since", as: String?.self)
        }.first.flatMap { $0 } != nil
    }

    public func overviews(_ filter: AssetFilter) async throws -> [AssetOverview] {
        var out: [AssetOverview] = []
        try await forEachOverview(filter) { out.append($0) }
        return out
    }

    /// One SQL pass, as the SQLite store's: the latest attempt per device, the passed ones that do
    /// not cover their drive (`AssetLifecycle.notCoveringTheirDrive`), certificate and disposal
    /// counts and the latest current disposal's route per asset, streamed in asset-ID order.
    static let overviewSQL = """
        WITH latest AS (
            SELECT * FROM (
                SELECT asset_id, result, scope_whole_device, controller_key, namespace_id, other_namespace_ids, unallocated_bytes,
                       ROW_NUMBER() OVER (PARTITION BY asset_id, device_key ORDER BY issued_at DESC, sequence DESC) AS rn
                FROM certificate) ranked WHERE rn = 1),
        uncovered AS (
            SELECT l.asset_id, COUNT(*) AS n FROM latest l
            WHERE l.result = 'passed' AND NOT l.scope_whole_device AND (
                l.controller_key IS NULL OR l.namespace_id IS NULL OR l.unallocated_bytes IS NULL OR l.unallocated_bytes <> 0
                OR EXISTS (SELECT 1 FROM unnest(l.other_namespace_ids) AS o(nsid) WHERE NOT EXISTS (
                    SELECT 1 FROM latest m WHERE m.asset_id = l.asset_id AND m.controller_key = l.controller_key
                        AND m.namespace_id = o.nsid AND m.result = 'passed')))
            GROUP BY l.asset_id),
        devices AS (SELECT asset_id, COUNT(*) AS devices, COUNT(*) FILTER (WHERE result <> 'passed') AS not_passed FROM latest GROUP BY asset_id),
        certs AS (SELECT asset_id, COUNT(*) AS certificates FROM certificate GROUP BY asset_id),
        disposals AS (
            SELECT asset_id, (array_agg(route ORDER BY disposed_on DESC, issued_at DESC))[1] AS route, COUNT(*) AS disposals
            FROM current_disposal GROUP BY asset_id)
        SELECT a.*, COALESCE(v.devices, 0) AS o_devices, COALESCE(v.not_passed, 0) AS o_not_passed,
               COALESCE(c.certificates, 0) AS o_certificates, d.route AS o_route, COALESCE(d.disposals, 0) AS o_disposals,
               COALESCE(u.n, 0) AS o_not_covered
        FROM asset a LEFT JOIN devices v ON v.asset_id = a.asset_id LEFT JOIN certs c ON c.asset_id = a.asset_id
        LEFT JOIN uncovered u ON u.asset_id = a.asset_id
        LEFT JOIN disposals d ON d.asset_id = a.asset_id WHERE TRUE
        """

    public func forEachOverview(_ filter: AssetFilter, _ body: (AssetOverview) throws -> Void) async throws {
        var sql = Self.overviewSQL
        var binds = PostgresBindings()
        if let c = filter.customer { binds.append(c); sql += " AND a.customer = $\(binds.count)" }
        if let c = filter.category { binds.append(c); sql += " AND lower(a.category) = lower($\(binds.count))" }
        if let r = filter.inRegister { binds.append(r); sql += " AND a.in_register = $\(binds.count)" }
        if let s = filter.station {
            binds.append(s)
            sql += " AND EXISTS (SELECT 1 FROM certificate s WHERE s.asset_id = a.asset_id AND s.station = $\(binds.count))"
        }
        sql += " ORDER BY a.asset_id"
        try await forEachRow(PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            let devices = try row("o_devices", as: Int.self)
            let status = AssetLifecycle.status(latestRoute: try row("o_route", as: String?.self).flatMap(DisposalRoute.init(rawValue:)),
                                               markedAwaitingDestruction: try row("awaiting_destruction_since", as: String?.self) != nil,
                                               devices: devices, devicesNotPassed: try row("o_not_passed"), devicesNotCovered: try row("o_not_covered"))
            if let wanted = filter.status, wanted != status { return }
            try body(AssetOverview(asset: try Self.asset(row), status: status, devices: devices,
                                   certificates: try row("o_certificates"), disposals: try row("o_disposals")))
        }
    }

    // MARK: - Index

    static let certificateColumns = [
        "certificate_id", "sha256", "station", "sequence", "asset_id", "device_key", "device_serial", "device_model", "device_vendor",
        "capacity_bytes", "media_type", "level", "method", "scheme", "passes", "verification_mode", "verification_coverage", "result",
        "started_at", "ended_at", "issued_at", "operator_id", "customer", "path", "scope_whole_device", "controller_key", "namespace_id",
        "other_namespace_ids", "unallocated_bytes",
    ]

    /// Inserts, or replaces the entry of the same ID (indexing twice is idempotent).
    static let insertCertificateSQL = upsertSQL(table: "certificate", columns: certificateColumns)

    static func bindings(_ c: CertificateIndexEntry) -> PostgresBindings {
        var b = PostgresBindings(capacity: certificateColumns.count)
        append(c, to: &b)
        return b
    }

    /// Appends the row's values in `certificateColumns` order.
    static func append(_ c: CertificateIndexEntry, to b: inout PostgresBindings) {
        b.append(c.certificateID)
        b.append(c.sha256)
        b.append(c.station)
        b.append(Int64(clamping: c.sequence))
        b.append(c.assetID)
        b.append(c.deviceKey)
        b.append(c.deviceSerial)
        b.append(c.deviceModel)
        b.append(c.deviceVendor)
        b.append(Int64(clamping: c.capacityBytes))
        b.append(c.mediaType.rawValue)
        b.append(c.level.rawValue)
        b.append(c.method.rawValue)
        b.append(c.scheme)
        b.append(Int64(c.passes))
        b.append(c.verificationMode.rawValue)
        b.append(c.verificationCoverage)
        b.append(c.result.rawValue)
        b.append(c.startedAt)
        b.append(c.endedAt)
        b.append(c.issuedAt)
        b.append(c.operatorID)
        b.append(c.customer)
        b.append(c.path)
        b.append(c.scopeWholeDevice)
        b.append(c.controllerKey)
        b.append(c.namespaceID.map { Int64($0) })
        b.append(c.otherNamespaceIDs.map { Int64($0) })
        b.append(c.unallocatedBytes.map { Int64(clamping: $0) })
    }

    static func certificate(_ r: ColumnReader) throws -> CertificateIndexEntry {
        CertificateIndexEntry(
            certificateID: try r("certificate_id"), sha256: try r("sha256"), station: try r("station"), sequence: try r.unsigned("sequence"),
            assetID: try r("asset_id"), deviceKey: try r("device_key"), deviceSerial: try r("device_serial"), deviceModel: try r("device_model"),
            deviceVendor: try r("device_vendor"), capacityBytes: try r.unsigned("capacity_bytes"), mediaType: MediaType(rawValue: try r("media_type")) ?? .unknown,
            level: SanitizationLevel(rawValue: try r("level")) ?? .clear, method: SanitizationMethod(rawValue: try r("method")) ?? .overwrite, scheme: try r("scheme"), passes: try r("passes"),
            verificationMode: VerificationMode(rawValue: try r("verification_mode")) ?? .none, verificationCoverage: try r("verification_coverage"), result: WipeResult(rawValue: try r("result")) ?? .failed,
            startedAt: try r("started_at"), endedAt: try r("ended_at"), issuedAt: try r("issued_at"), operatorID: try r("operator_id"),
            customer: try r("customer"), path: try r("path"), scopeWholeDevice: try r("scope_whole_device"), controllerKey: try r("controller_key"),
            namespaceID: try r("namespace_id", as: Int64?.self).map { UInt32(truncatingIfNeeded: $0) },
            otherNamespaceIDs: try r("other_namespace_ids", as: [Int64].self).map { UInt32(truncatingIfNeeded: $0) },
            unallocatedBytes: try r.unsignedIfPresent("unallocated_bytes"))
    }

    static let disposalColumns = ErasureQuery.disposalColumns

    static let insertDisposalSQL = upsertSQL(table: "disposal", columns: disposalColumns)

    static func bindings(_ d: DisposalIndexEntry) -> PostgresBindings {
        var b = PostgresBindings(capacity: disposalColumns.count)
        append(d, to: &b)
        return b
    }

    /// Appends the row's values in `disposalColumns` order.
    static func append(_ d: DisposalIndexEntry, to b: inout PostgresBindings) {
        b.append(d.recordID)
        b.append(d.sha256)
        b.append(d.assetID)
        b.append(d.route.rawValue)
        b.append(d.wasteStatus.rawValue)
        b.append(d.recipient)
        b.append(d.recipientCertification?.rawValue)
        b.append(d.certificationID)
        b.append(d.weightKg)
        b.append(d.weightSource.rawValue)
        b.append(d.weeeCategory.map { Int64($0) })
        b.append(d.ewcCode)
        b.append(d.hazardous)
        b.append(d.disposedOn)
        b.append(d.transferNote)
        b.append(d.overrideReason)
        b.append(d.mediaDestroyedReference)
        b.append(d.issuedAt)
        b.append(d.path)
        b.append(d.supersedes)
    }

    /// A disposal row; `prefix` selects aliased columns of a join (`d_route`…).
    static func disposal(_ r: ColumnReader, prefix p: String = "") throws -> DisposalIndexEntry {
        DisposalIndexEntry(
            recordID: try r(p + "record_id"), sha256: try r(p + "sha256"), assetID: try r("asset_id"),
            route: DisposalRoute(rawValue: try r(p + "route")) ?? .otherDisposal,
            wasteStatus: WasteStatus(rawValue: try r(p + "waste_status")) ?? .waste, recipient: try r(p + "recipient"),
            recipientCertification: try r(p + "recipient_certification", as: String?.self).flatMap(RecipientCertification.init(rawValue:)),
            certificationID: try r(p + "certification_id"), weightKg: try r(p + "weight_kg"),
            weightSource: WeightSource(rawValue: try r(p + "weight_source")) ?? .categoryDefault,
            weeeCategory: try r(p + "weee_category", as: Int64?.self).map { Int($0) },
            ewcCode: try r(p + "ewc_code"), hazardous: try r(p + "hazardous"), disposedOn: try r(p + "disposed_on"),
            transferNote: try r(p + "transfer_note"), overrideReason: try r(p + "override_reason"),
            mediaDestroyedReference: try r(p + "media_destroyed_reference"), issuedAt: try r(p + "issued_at"), path: try r(p + "path"),
            supersedes: try r(p + "supersedes"))
    }

    public func index(certificate: CertificateIndexEntry) async throws {
        try await transaction { c in
            try await c.query(PostgresQuery(unsafeSQL: Self.insertCertificateSQL, binds: Self.bindings(certificate)), logger: logger)
        }
    }

    public func index(disposal: DisposalIndexEntry) async throws {
        try await transaction { c in
            try await c.query(PostgresQuery(unsafeSQL: Self.insertDisposalSQL, binds: Self.bindings(disposal)), logger: logger)
        }
    }

    public func certificates(assetID: String) async throws -> [CertificateIndexEntry] {
        try await rows("SELECT * FROM certificate WHERE asset_id = \(assetID) ORDER BY issued_at, sequence", Self.certificate)
    }

    public func disposals(assetID: String) async throws -> [DisposalIndexEntry] {
        try await rows("SELECT * FROM disposal WHERE asset_id = \(assetID) ORDER BY disposed_on, issued_at") { try Self.disposal($0) }
    }

    public func certificates(endedFrom from: String, to: String) async throws -> [CertificateIndexEntry] {
        try await rows("""
            SELECT * FROM certificate WHERE substr(ended_at, 1, 10) BETWEEN \(from) AND \(to)
            ORDER BY asset_id, device_key, issued_at, sequence
            """, Self.certificate)
    }

    public func disposals(from: String, to: String) async throws -> [DisposalIndexEntry] {
        try await rows("SELECT * FROM disposal WHERE disposed_on BETWEEN \(from) AND \(to) ORDER BY disposed_on, record_id") { try Self.disposal($0) }
    }

    public func forEachErasureEntry(endedFrom from: String, to: String,
                                    _ body: (CertificateIndexEntry, String?, DisposalIndexEntry?) throws -> Void) async throws {
        // The latest current disposal per asset (by date, then time of issue).
        var binds = PostgresBindings(capacity: 2)
        binds.append(from)
        binds.append(to)
        let sql = ErasureQuery.sql(
            latestDisposalJoin: "SELECT DISTINCT ON (asset_id) * FROM current_disposal ORDER BY asset_id, disposed_on DESC, issued_at DESC",
            from: "$1", to: "$2")
        try await forEachRow(PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            let disposal = try row("d_record_id", as: String?.self) == nil ? nil : try Self.disposal(row, prefix: "d_")
            let owner = try row("asset_customer", as: String?.self) ?? row("customer", as: String?.self)
            try body(try Self.certificate(row), owner, disposal)
        }
    }

    public func forEachDisposal(from: String, to: String, _ body: (DisposalIndexEntry, String?) throws -> Void) async throws {
        try await forEachRow("""
            SELECT d.*, a.customer AS asset_customer FROM current_disposal d LEFT JOIN asset a ON a.asset_id = d.asset_id
            WHERE d.disposed_on BETWEEN \(from) AND \(to) ORDER BY d.disposed_on, d.record_id
            """) { row in try body(try Self.disposal(row), try row("asset_customer")) }
    }

    public func indexedDocumentIDs() async throws -> Set<String> {
        var ids = Set<String>()
        try await forEachRow("SELECT certificate_id AS id FROM certificate UNION ALL SELECT record_id FROM disposal") { ids.insert(try $0("id")) }
        return ids
    }

    /// Rows per bulk statement of `replaceIndex` (one JSON parameter each).
    static let bulkRows = 2000

    public func replaceIndex(certificates: [CertificateIndexEntry], disposals: [DisposalIndexEntry], assets: [AssetRecord]) async throws {
        let encoder = JSONEncoder()
        try await transaction { c in
            try await c.query("DELETE FROM certificate", logger: logger)
            try await c.query("DELETE FROM disposal", logger: logger)
            // Each batch is one bind parameter, a JSON array whose keys are the column names.
            for batch in Self.batches(assets) {
                let json = String(decoding: try encoder.encode(batch), as: UTF8.self)
                try await c.query("INSERT INTO asset SELECT * FROM jsonb_populate_recordset(NULL::asset, \(json)::jsonb) ON CONFLICT (asset_id) DO NOTHING",
                                  logger: logger)
            }
            for batch in Self.batches(Self.lastOfEachID(certificates, \.certificateID)) {
                let json = String(decoding: try encoder.encode(batch), as: UTF8.self)
                try await c.query("INSERT INTO certificate SELECT * FROM jsonb_populate_recordset(NULL::certificate, \(json)::jsonb)", logger: logger)
            }
            for batch in Self.batches(Self.lastOfEachID(disposals, \.recordID)) {
                let json = String(decoding: try encoder.encode(batch), as: UTF8.self)
                try await c.query("INSERT INTO disposal SELECT * FROM jsonb_populate_recordset(NULL::disposal, \(json)::jsonb)", logger: logger)
            }
        }
    }

    /// The entries with the last of each ID (an entry indexed twice replaces the first).
    static func lastOfEachID<T>(_ all: [T], _ id: KeyPath<T, String>) -> [T] {
        var last: [String: Int] = [:]
        for (i, e) in all.enumerated() { last[e[keyPath: id]] = i }
        guard last.count < all.count else { return all }
        return all.indices.filter { last[all[$0][keyPath: id]] == $0 }.map { all[$0] }
    }

    static func batches<T>(_ all: [T]) -> [[T]] {
        stride(from: 0, to: all.count, by: bulkRows).map { Array(all[$0..<min($0 + bulkRows, all.count)]) }
    }
}
