import Foundation
import Evidence
import GRDB
import Records
import StorageModel

/// The embedded record store: SQLite through GRDB, `$EXPUNGE_HOME/records.sqlite`, WAL mode,
/// versioned migrations. Every command's writes are one transaction.
public final class SQLiteRecordStore: RecordStore, @unchecked Sendable {
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating and migrating if needed) the store at `path`. A store locked by another
    /// process is waited for up to `busyTimeout` seconds, then reported.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "expunge.records"
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw Self.describe(error, path: path)
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE asset (
                    asset_id TEXT PRIMARY KEY NOT NULL, serial TEXT, manufacturer TEXT, model TEXT, category TEXT,
                    customer TEXT, weight_kg REAL, in_register INTEGER NOT NULL, created_at TEXT NOT NULL,
                    awaiting_destruction_since TEXT);
                CREATE INDEX asset_customer ON asset(customer);
                CREATE TABLE certificate (
                    certificate_id TEXT PRIMARY KEY NOT NULL, sha256 TEXT NOT NULL, station TEXT NOT NULL,
                    sequence INTEGER NOT NULL, asset_id TEXT NOT NULL, device_key TEXT NOT NULL, device_serial TEXT,
                    device_model TEXT, device_vendor TEXT, capacity_bytes INTEGER NOT NULL, media_type TEXT NOT NULL,
                    level TEXT NOT NULL, method TEXT NOT NULL, scheme TEXT, passes INTEGER NOT NULL,
                    verification_mode TEXT NOT NULL, verification_coverage REAL NOT NULL, result TEXT NOT NULL,
                    started_at TEXT NOT NULL, ended_at TEXT NOT NULL, issued_at TEXT NOT NULL, operator_id TEXT,
                    customer TEXT, path TEXT NOT NULL);
                CREATE INDEX certificate_asset ON certificate(asset_id);
                CREATE INDEX certificate_ended ON certificate(ended_at);
                CREATE TABLE disposal (
                    record_id TEXT PRIMARY KEY NOT NULL, sha256 TEXT NOT NULL, asset_id TEXT NOT NULL, route TEXT NOT NULL,
                    waste_status TEXT NOT NULL, recipient TEXT NOT NULL, recipient_certification TEXT, certification_id TEXT,
                    weight_kg REAL NOT NULL, weight_source TEXT NOT NULL, weee_category INTEGER, ewc_code TEXT,
                    hazardous INTEGER NOT NULL, disposed_on TEXT NOT NULL, transfer_note TEXT, override_reason TEXT,
                    media_destroyed_reference TEXT, issued_at TEXT NOT NULL, path TEXT NOT NULL);
                CREATE INDEX disposal_asset ON disposal(asset_id);
                CREATE INDEX disposal_date ON disposal(disposed_on);
                """)
        }
        // A disposal record may supersede an earlier one of the same asset; only records no
        // other supersedes count (`current_disposal`).
        m.registerMigration("v2-supersedes") { db in
            try db.execute(sql: """
                ALTER TABLE disposal ADD COLUMN supersedes TEXT;
                CREATE INDEX disposal_supersedes ON disposal(supersedes);
                CREATE VIEW current_disposal AS
                    SELECT * FROM disposal WHERE record_id NOT IN (SELECT supersedes FROM disposal WHERE supersedes IS NOT NULL);
                """)
        }
        // A certificate's scope (NVMe namespaces). Certificates indexed before, of NVMe
        // devices, did not record which namespaces they reached: they never count alone.
        m.registerMigration("v3-certificate-scope") { db in
            try db.execute(sql: """
                ALTER TABLE certificate ADD COLUMN scope_whole_device INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE certificate ADD COLUMN controller_key TEXT;
                ALTER TABLE certificate ADD COLUMN namespace_id INTEGER;
                ALTER TABLE certificate ADD COLUMN other_namespace_ids TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE certificate ADD COLUMN unallocated_bytes INTEGER;
                UPDATE certificate SET scope_whole_device = 0 WHERE media_type = 'nvme';
                """)
        }
        // The depot's archive (`SQLiteDepotArchive`): enrolled stations, the signed documents'
        // bytes, witnessed heads, findings, users. Empty on a station.
        m.registerMigration("v4-depot") { db in
            try db.execute(sql: SQLiteDepotArchive.schema)
        }
        // The customer register. Each free-text customer already on an asset or a certificate
        // becomes a register entry whose ID and legal name are that text, flagged as migrated.
        m.registerMigration("v5-customers") { db in
            try db.execute(sql: """
                CREATE TABLE customer (
                    customer_id TEXT PRIMARY KEY NOT NULL, legal_name TEXT NOT NULL, country TEXT, contact TEXT,
                    dpa_reference TEXT, created_at TEXT NOT NULL, migrated_from_free_text INTEGER NOT NULL DEFAULT 0);
                INSERT OR IGNORE INTO customer (customer_id, legal_name, created_at, migrated_from_free_text)
                    SELECT DISTINCT customer, customer, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 1
                    FROM (SELECT customer FROM asset UNION SELECT customer FROM certificate)
                    WHERE customer IS NOT NULL AND customer <> '';
                """)
        }
        // The depot web: a technician role, and the audit log of sign-ins and downloads.
        m.registerMigration("v6-depot-console") { db in
            try db.execute(sql: SQLiteDepotArchive.consoleSchema)
        }
        return m
    }

    /// Maps SQLite failures to operator errors: locked, corrupt, unwritable.
    static func describe(_ error: any Error, path: String) -> ExpungeError {
        if let e = error as? ExpungeError { return e }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return ExpungeError(.failed, "the record store \(path) is locked by another process",
                                    remedy: "wait for the other expunge command to finish and retry")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return ExpungeError(.badInput, "the record store \(path) is corrupt or not a database",
                                    remedy: "move it aside and run `expunge records rebuild` (the signed files are the source of truth)")
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
                return ExpungeError(.permission, "cannot write the record store \(path)", remedy: "run as root or set EXPUNGE_HOME")
            default:
                return ExpungeError(.failed, "record store \(path): \(db.message ?? "\(db.resultCode)")")
            }
        }
        return ExpungeError(.failed, "record store \(path): \(ErrorText.describe(error))")
    }

    /// One write transaction: committed if `body` returns, rolled back if it throws. SQLite
    /// errors become operator errors; any other error passes through unchanged.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let e as DatabaseError { throw Self.describe(e, path: path) }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let e as DatabaseError { throw Self.describe(e, path: path) }
    }

    // MARK: - Assets

    static let insertAssetSQL = """
        INSERT INTO asset (asset_id, serial, manufacturer, model, category, customer, weight_kg, in_register, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ a: AssetRecord) -> StatementArguments {
        [a.assetID, a.serial, a.manufacturer, a.model, a.category, a.customer, a.weightKg, a.inRegister, a.createdAt]
    }

    static let updateAssetSQL = """
        UPDATE asset SET serial = COALESCE(?, serial), manufacturer = COALESCE(?, manufacturer), model = COALESCE(?, model),
            category = COALESCE(?, category), customer = COALESCE(?, customer), weight_kg = COALESCE(?, weight_kg), in_register = 1
        WHERE asset_id = ?
        """

    public func importAssets(_ assets: [AssetRecord], updating: [AssetRecord], eachRow: (Int) throws -> Void) async throws {
        try write { db in
            let insert = try db.makeStatement(sql: Self.insertAssetSQL)
            for (i, a) in assets.enumerated() {
                try insert.execute(arguments: Self.arguments(a))
                try eachRow(i + 1)
            }
            let update = try db.makeStatement(sql: Self.updateAssetSQL)
            for (i, a) in updating.enumerated() {
                try update.execute(arguments: [a.serial, a.manufacturer, a.model, a.category, a.customer, a.weightKg, a.assetID])
                guard db.changesCount == 1 else {
                    throw ExpungeError(.badInput, code: "asset-not-found", "asset \(a.assetID) is not in the register, so it cannot be updated; nothing was imported",
                                       remedy: "import it as a new asset (without it in the update set)")
                }
                try eachRow(assets.count + i + 1)
            }
        }
    }

    public func existingAssetIDs(_ ids: [String]) async throws -> Set<String> {
        try read { db in
            var found: Set<String> = []
            var i = 0
            while i < ids.count {
                let slice = Array(ids[i..<min(i + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                found.formUnion(try String.fetchAll(db, sql: "SELECT asset_id FROM asset WHERE asset_id IN (\(marks))",
                                                    arguments: StatementArguments(slice)))
                i += 500
            }
            return found
        }
    }

    public func ensureAsset(_ asset: AssetRecord) async throws -> Bool {
        try write { db in
            try db.execute(sql: Self.insertAssetSQL.replacingOccurrences(of: "INSERT INTO", with: "INSERT OR IGNORE INTO"),
                           arguments: Self.arguments(asset))
            return db.changesCount > 0
        }
    }

    static func asset(_ row: Row) -> AssetRecord {
        AssetRecord(assetID: row["asset_id"], serial: row["serial"], manufacturer: row["manufacturer"], model: row["model"],
                    category: row["category"], customer: row["customer"], weightKg: row["weight_kg"],
                    inRegister: row["in_register"], createdAt: row["created_at"])
    }

    public func asset(_ id: String) async throws -> AssetRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM asset WHERE asset_id = ?", arguments: [id]).map(Self.asset) }
    }

    public func markAwaitingDestruction(_ id: String, at: String?) async throws {
        try write { db in
            try db.execute(sql: "UPDATE asset SET awaiting_destruction_since = ? WHERE asset_id = ?", arguments: [at, id])
            if db.changesCount == 0 { throw ExpungeError(.badInput, "no asset \(id)", remedy: "check the ID with `expunge asset list`") }
        }
    }

    public func isMarkedAwaitingDestruction(_ id: String) async throws -> Bool {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT awaiting_destruction_since FROM asset WHERE asset_id = ?", arguments: [id])
                .flatMap { $0["awaiting_destruction_since"] as String? } != nil
        }
    }

    public func overviews(_ filter: AssetFilter) async throws -> [AssetOverview] {
        var out: [AssetOverview] = []
        try await forEachOverview(filter) { out.append($0) }
        return out
    }

    /// One SQL pass: the latest attempt per device (window function), the passed ones that do not
    /// cover their drive (an NVMe namespace whose controller's other namespaces lack a passed latest
    /// attempt in the asset, or with unallocated or unknown capacity: `AssetLifecycle.notCoveringTheirDrive`),
    /// certificate and disposal counts, and the latest disposal route per asset, streamed through a cursor.
    public func forEachOverview(_ filter: AssetFilter, _ body: (AssetOverview) throws -> Void) async throws {
        try read { db in
            var sql = """
                WITH latest AS (
                    SELECT * FROM (
                        SELECT asset_id, result, scope_whole_device, controller_key, namespace_id, other_namespace_ids, unallocated_bytes,
                               ROW_NUMBER() OVER (PARTITION BY asset_id, device_key ORDER BY issued_at DESC, sequence DESC) AS rn
                        FROM certificate) WHERE rn = 1),
                uncovered AS (
                    SELECT l.asset_id, COUNT(*) AS n FROM latest l
                    WHERE l.result = 'passed' AND l.scope_whole_device = 0 AND (
                        l.controller_key IS NULL OR l.namespace_id IS NULL OR l.unallocated_bytes IS NULL OR l.unallocated_bytes != 0
                        OR EXISTS (SELECT 1 FROM json_each(l.other_namespace_ids) o WHERE NOT EXISTS (
                            SELECT 1 FROM latest m WHERE m.asset_id = l.asset_id AND m.controller_key = l.controller_key
                                AND m.namespace_id = o.value AND m.result = 'passed')))
                    GROUP BY l.asset_id),
                devices AS (SELECT asset_id, COUNT(*) AS devices, SUM(result != 'passed') AS not_passed FROM latest GROUP BY asset_id),
                certs AS (SELECT asset_id, COUNT(*) AS certificates FROM certificate GROUP BY asset_id),
                disposals AS (SELECT asset_id, route, MAX(disposed_on || issued_at), COUNT(*) AS disposals FROM current_disposal GROUP BY asset_id)
                SELECT a.*, COALESCE(v.devices, 0) AS o_devices, COALESCE(v.not_passed, 0) AS o_not_passed,
                       COALESCE(c.certificates, 0) AS o_certificates, d.route AS o_route, COALESCE(d.disposals, 0) AS o_disposals,
                       COALESCE(u.n, 0) AS o_not_covered
                FROM asset a LEFT JOIN devices v ON v.asset_id = a.asset_id LEFT JOIN certs c ON c.asset_id = a.asset_id
                LEFT JOIN uncovered u ON u.asset_id = a.asset_id
                LEFT JOIN disposals d ON d.asset_id = a.asset_id WHERE 1
                """
            var args: [(any DatabaseValueConvertible)?] = []
            if let c = filter.customer { sql += " AND a.customer = ?"; args.append(c) }
            if let c = filter.category { sql += " AND lower(a.category) = lower(?)"; args.append(c) }
            if let r = filter.inRegister { sql += " AND a.in_register = ?"; args.append(r) }
            if let s = filter.station {
                sql += " AND EXISTS (SELECT 1 FROM certificate s WHERE s.asset_id = a.asset_id AND s.station = ?)"
                args.append(s)
            }
            sql += " ORDER BY a.asset_id"
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
            while let row = try cursor.next() {
                let devices: Int = row["o_devices"]
                let status = AssetLifecycle.status(latestRoute: (row["o_route"] as String?).flatMap(DisposalRoute.init(rawValue:)),
                                                   markedAwaitingDestruction: (row["awaiting_destruction_since"] as String?) != nil,
                                                   devices: devices, devicesNotPassed: row["o_not_passed"], devicesNotCovered: row["o_not_covered"])
                if let wanted = filter.status, wanted != status { continue }
                try body(AssetOverview(asset: Self.asset(row), status: status, devices: devices,
                                       certificates: row["o_certificates"], disposals: row["o_disposals"]))
            }
        }
    }

    // MARK: - Index

    static let insertCertificateSQL = """
        INSERT OR REPLACE INTO certificate (certificate_id, sha256, station, sequence, asset_id, device_key, device_serial,
            device_model, device_vendor, capacity_bytes, media_type, level, method, scheme, passes, verification_mode,
            verification_coverage, result, started_at, ended_at, issued_at, operator_id, customer, path,
            scope_whole_device, controller_key, namespace_id, other_namespace_ids, unallocated_bytes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ c: CertificateIndexEntry) -> StatementArguments {
        [c.certificateID, c.sha256, c.station, Int64(c.sequence), c.assetID, c.deviceKey, c.deviceSerial, c.deviceModel,
         c.deviceVendor, Int64(c.capacityBytes), c.mediaType.rawValue, c.level.rawValue, c.method.rawValue, c.scheme, c.passes, c.verificationMode.rawValue,
         c.verificationCoverage, c.result.rawValue, c.startedAt, c.endedAt, c.issuedAt, c.operatorID, c.customer, c.path,
         c.scopeWholeDevice, c.controllerKey, c.namespaceID.map { Int64($0) }, "[" + c.otherNamespaceIDs.map(String.init).joined(separator: ",") + "]",
         c.unallocatedBytes.map { Int64(clamping: $0) }]
    }

    /// The JSON array of namespace IDs stored in `other_namespace_ids`.
    static func namespaceIDs(_ text: String?) -> [UInt32] {
        guard let data = text?.data(using: .utf8), let ids = try? JSONDecoder().decode([UInt32].self, from: data) else { return [] }
        return ids
    }

    static let insertDisposalSQL = """
        INSERT OR REPLACE INTO disposal (record_id, sha256, asset_id, route, waste_status, recipient, recipient_certification,
            certification_id, weight_kg, weight_source, weee_category, ewc_code, hazardous, disposed_on, transfer_note,
            override_reason, media_destroyed_reference, issued_at, path, supersedes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ d: DisposalIndexEntry) -> StatementArguments {
        [d.recordID, d.sha256, d.assetID, d.route.rawValue, d.wasteStatus.rawValue, d.recipient, d.recipientCertification?.rawValue,
         d.certificationID, d.weightKg, d.weightSource.rawValue, d.weeeCategory, d.ewcCode, d.hazardous, d.disposedOn,
         d.transferNote, d.overrideReason, d.mediaDestroyedReference, d.issuedAt, d.path, d.supersedes]
    }

    public func index(certificate: CertificateIndexEntry) async throws {
        try write { db in try db.execute(sql: Self.insertCertificateSQL, arguments: Self.arguments(certificate)) }
    }

    public func index(disposal: DisposalIndexEntry) async throws {
        try write { db in try db.execute(sql: Self.insertDisposalSQL, arguments: Self.arguments(disposal)) }
    }

    /// A certificate row. The enum columns hold what `arguments(_:)` wrote; a value this version
    /// does not know reads as the weakest claim (unknown media, Clear, no verification, failed),
    /// never as more than the row says.
    static func certificate(_ r: Row) -> CertificateIndexEntry {
        CertificateIndexEntry(
            certificateID: r["certificate_id"], sha256: r["sha256"], station: r["station"], sequence: UInt64(r["sequence"] as Int64),
            assetID: r["asset_id"], deviceKey: r["device_key"], deviceSerial: r["device_serial"], deviceModel: r["device_model"],
            deviceVendor: r["device_vendor"], capacityBytes: UInt64(r["capacity_bytes"] as Int64), mediaType: MediaType(rawValue: r["media_type"]) ?? .unknown,
            level: SanitizationLevel(rawValue: r["level"]) ?? .clear, method: SanitizationMethod(rawValue: r["method"]) ?? .overwrite, scheme: r["scheme"], passes: r["passes"], verificationMode: VerificationMode(rawValue: r["verification_mode"]) ?? .none,
            verificationCoverage: r["verification_coverage"], result: WipeResult(rawValue: r["result"]) ?? .failed, startedAt: r["started_at"], endedAt: r["ended_at"],
            issuedAt: r["issued_at"], operatorID: r["operator_id"], customer: r["customer"], path: r["path"],
            scopeWholeDevice: r["scope_whole_device"], controllerKey: r["controller_key"],
            namespaceID: (r["namespace_id"] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
            otherNamespaceIDs: namespaceIDs(r["other_namespace_ids"]),
            unallocatedBytes: (r["unallocated_bytes"] as Int64?).map { UInt64(max(0, $0)) })
    }

    /// A disposal row; `prefix` selects aliased columns of a join (`d_route`…).
    static func disposal(_ r: Row, prefix p: String = "") -> DisposalIndexEntry {
        DisposalIndexEntry(
            recordID: r[p + "record_id"], sha256: r[p + "sha256"], assetID: r["asset_id"],
            route: DisposalRoute(rawValue: r[p + "route"]) ?? .otherDisposal,
            wasteStatus: WasteStatus(rawValue: r[p + "waste_status"]) ?? .waste, recipient: r[p + "recipient"],
            recipientCertification: (r[p + "recipient_certification"] as String?).flatMap(RecipientCertification.init(rawValue:)),
            certificationID: r[p + "certification_id"], weightKg: r[p + "weight_kg"],
            weightSource: WeightSource(rawValue: r[p + "weight_source"]) ?? .categoryDefault, weeeCategory: r[p + "weee_category"],
            ewcCode: r[p + "ewc_code"], hazardous: r[p + "hazardous"], disposedOn: r[p + "disposed_on"], transferNote: r[p + "transfer_note"],
            overrideReason: r[p + "override_reason"], mediaDestroyedReference: r[p + "media_destroyed_reference"], issuedAt: r[p + "issued_at"],
            path: r[p + "path"], supersedes: r[p + "supersedes"])
    }

    public func certificates(assetID: String) async throws -> [CertificateIndexEntry] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM certificate WHERE asset_id = ? ORDER BY issued_at, sequence", arguments: [assetID]).map(Self.certificate) }
    }

    public func disposals(assetID: String) async throws -> [DisposalIndexEntry] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM disposal WHERE asset_id = ? ORDER BY disposed_on, issued_at", arguments: [assetID]).map { Self.disposal($0) } }
    }

    public func certificates(endedFrom from: String, to: String) async throws -> [CertificateIndexEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM certificate WHERE substr(ended_at, 1, 10) BETWEEN ? AND ? ORDER BY asset_id, device_key, issued_at, sequence",
                             arguments: [from, to]).map(Self.certificate)
        }
    }

    public func disposals(from: String, to: String) async throws -> [DisposalIndexEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM disposal WHERE disposed_on BETWEEN ? AND ? ORDER BY disposed_on, record_id",
                             arguments: [from, to]).map { Self.disposal($0) }
        }
    }

    public func forEachErasureEntry(endedFrom from: String, to: String,
                                    _ body: (CertificateIndexEntry, String?, DisposalIndexEntry?) throws -> Void) async throws {
        try read { db in
            // The latest disposal per asset: SQLite returns the bare columns of the row holding MAX().
            let sql = ErasureQuery.sql(latestDisposalJoin: "SELECT *, MAX(disposed_on || issued_at) FROM current_disposal GROUP BY asset_id",
                                       from: "?", to: "?")
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: [from, to])
            while let row = try cursor.next() {
                let disposal = (row["d_record_id"] as String?) == nil ? nil : Self.disposal(row, prefix: "d_")
                try body(Self.certificate(row), row["asset_customer"] ?? row["customer"], disposal)
            }
        }
    }

    public func forEachDisposal(from: String, to: String, _ body: (DisposalIndexEntry, String?) throws -> Void) async throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT d.*, a.customer AS asset_customer FROM current_disposal d LEFT JOIN asset a ON a.asset_id = d.asset_id
                WHERE d.disposed_on BETWEEN ? AND ? ORDER BY d.disposed_on, d.record_id
                """, arguments: [from, to])
            while let row = try cursor.next() { try body(Self.disposal(row), row["asset_customer"]) }
        }
    }

    public func indexedDocumentIDs() async throws -> Set<String> {
        try read { db in
            var ids = Set<String>()
            let cursor = try String.fetchCursor(db, sql: "SELECT certificate_id FROM certificate UNION ALL SELECT record_id FROM disposal")
            while let id = try cursor.next() { ids.insert(id) }
            return ids
        }
    }

    public func replaceIndex(certificates: [CertificateIndexEntry], disposals: [DisposalIndexEntry], assets: [AssetRecord]) async throws {
        try write { db in
            try db.execute(sql: "DELETE FROM certificate; DELETE FROM disposal")
            let a = try db.makeStatement(sql: Self.insertAssetSQL.replacingOccurrences(of: "INSERT INTO", with: "INSERT OR IGNORE INTO"))
            for asset in assets { try a.execute(arguments: Self.arguments(asset)) }
            let c = try db.makeStatement(sql: Self.insertCertificateSQL)
            for cert in certificates { try c.execute(arguments: Self.arguments(cert)) }
            let d = try db.makeStatement(sql: Self.insertDisposalSQL)
            for disposal in disposals { try d.execute(arguments: Self.arguments(disposal)) }
        }
    }
}

