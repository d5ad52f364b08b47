import Foundation
import Evidence
import GRDB
import Records
import StorageModel

/// The depot's archive on the embedded database: the same file, pool and migrations as the
/// `SQLiteRecordStore` it is made from, so that a document's bytes and its index rows are written
/// in one transaction. `SQLiteDepotArchive(path:)` opens both:
///
///     let archive = try SQLiteDepotArchive(path: home.recordsPath)
///     let store: any RecordStore = archive.records
public final class SQLiteDepotArchive: DepotArchive {
    /// The record store on the same database (reports, listings, the register).
    public let records: SQLiteRecordStore

    public init(_ records: SQLiteRecordStore) {
        self.records = records
    }

    /// Opens (creating and migrating if needed) the database at `path`.
    public convenience init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.init(try SQLiteRecordStore(path: path, busyTimeout: busyTimeout))
    }

    /// Migration `v4-depot` of `SQLiteRecordStore.migrator`.
    static let schema = """
        CREATE TABLE depot_station (
            name TEXT PRIMARY KEY NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'revoked')),
            token_sha256 TEXT UNIQUE, certificate_pem TEXT, certificate_sha256 TEXT,
            created_at TEXT NOT NULL, enrolled_at TEXT, revoked_at TEXT);
        CREATE TABLE depot_document (
            document_id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('wipe-certificate', 'disposal-record')),
            station TEXT NOT NULL, sequence INTEGER NOT NULL, previous_sha256 TEXT, sha256 TEXT NOT NULL,
            document BLOB NOT NULL, signature BLOB NOT NULL, received_at TEXT NOT NULL,
            UNIQUE (station, sequence));
        CREATE TABLE depot_head (
            station TEXT NOT NULL, sequence INTEGER NOT NULL, sha256 TEXT NOT NULL, witnessed_at TEXT NOT NULL,
            PRIMARY KEY (station, sequence));
        CREATE TABLE depot_finding (
            finding_id INTEGER PRIMARY KEY AUTOINCREMENT, station TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('forked-chain', 'tail-deleted', 'ledger-rewritten', 'chain-mismatch')),
            document_id TEXT, sequence INTEGER, detail TEXT NOT NULL, recorded_at TEXT NOT NULL);
        CREATE INDEX depot_finding_station ON depot_finding(station);
        CREATE TABLE depot_user (
            name TEXT PRIMARY KEY NOT NULL, password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('auditor', 'compliance', 'admin')), created_at TEXT NOT NULL);
        """

    /// Migration `v6-depot-console`: SQLite cannot change a CHECK constraint, so the user table
    /// is rebuilt with the technician role; then the audit log.
    static let consoleSchema = """
        CREATE TABLE depot_user_v6 (
            name TEXT PRIMARY KEY NOT NULL, password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('technician', 'auditor', 'compliance', 'admin')), created_at TEXT NOT NULL);
        INSERT INTO depot_user_v6 (name, password_hash, role, created_at) SELECT name, password_hash, role, created_at FROM depot_user;
        DROP TABLE depot_user;
        ALTER TABLE depot_user_v6 RENAME TO depot_user;
        CREATE TABLE depot_audit (
            audit_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_name TEXT NOT NULL, address TEXT NOT NULL,
            event TEXT NOT NULL, detail TEXT NOT NULL);
        """

    // MARK: - Stations

    static func station(_ r: Row) -> EnrolledStation {
        EnrolledStation(name: r["name"], state: EnrolledStation.State(rawValue: r["state"]) ?? .revoked,
                        certificatePEM: r["certificate_pem"], certificateSHA256: r["certificate_sha256"], createdAt: r["created_at"],
                        enrolledAt: r["enrolled_at"], revokedAt: r["revoked_at"])
    }

    public func createEnrollment(station: String, tokenSHA256: String, at: String) async throws {
        try records.write { db in
            let state = try String.fetchOne(db, sql: "SELECT state FROM depot_station WHERE name = ?", arguments: [station])
            switch state {
            case "active"?:
                throw DepotArchiveError.stationExists(station)
            case nil:
                try db.execute(sql: "INSERT INTO depot_station (name, state, token_sha256, created_at) VALUES (?, 'pending', ?, ?)",
                               arguments: [station, tokenSHA256, at])
            default:
                try db.execute(sql: """
                    UPDATE depot_station SET state = 'pending', token_sha256 = ?, certificate_pem = NULL, certificate_sha256 = NULL,
                        created_at = ?, enrolled_at = NULL, revoked_at = NULL
                    WHERE name = ?
                    """, arguments: [tokenSHA256, at, station])
            }
        }
    }

    public func redeemEnrollment(tokenSHA256: String, certificatePEM: String, certificateSHA256: String, at: String) async throws -> EnrolledStation? {
        try records.write { db in
            try Row.fetchOne(db, sql: """
                UPDATE depot_station SET state = 'active', token_sha256 = NULL, certificate_pem = ?, certificate_sha256 = ?, enrolled_at = ?
                WHERE token_sha256 = ? AND state = 'pending'
                RETURNING *
                """, arguments: [certificatePEM, certificateSHA256, at, tokenSHA256]).map(Self.station)
        }
    }

    public func station(named name: String) async throws -> EnrolledStation? {
        try records.read { db in try Row.fetchOne(db, sql: "SELECT * FROM depot_station WHERE name = ?", arguments: [name]).map(Self.station) }
    }

    public func stations() async throws -> [EnrolledStation] {
        try records.read { db in try Row.fetchAll(db, sql: "SELECT * FROM depot_station ORDER BY name").map(Self.station) }
    }

    public func revokeStation(named name: String, at: String) async throws -> Bool {
        try records.write { db in
            try db.execute(sql: """
                UPDATE depot_station SET state = 'revoked', token_sha256 = NULL, revoked_at = COALESCE(revoked_at, ?) WHERE name = ?
                """, arguments: [at, name])
            return db.changesCount > 0
        }
    }

    // MARK: - Documents

    static func document(_ r: Row) -> ArchivedDocument {
        ArchivedDocument(id: r["document_id"], kind: ArchivedDocument.Kind(rawValue: r["kind"]) ?? .wipeCertificate, station: r["station"],
                         sequence: UInt64(max(0, r["sequence"] as Int64)), previousSHA256: r["previous_sha256"], sha256: r["sha256"],
                         document: [UInt8](r["document"] as Data), signature: [UInt8](r["signature"] as Data), receivedAt: r["received_at"])
    }

    public func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                        customer: CustomerRecord?) async throws -> ArchiveOutcome {
        guard entry.describes(document), SHA256Digest.hex(Data(document.document)) == document.sha256 else {
            throw IndexedDocument.mismatch(document)
        }
        return try records.write { db in
            if let held = try String.fetchOne(db, sql: "SELECT sha256 FROM depot_document WHERE document_id = ?", arguments: [document.id]) {
                return held == document.sha256 ? .alreadyStored : .conflict(existingSHA256: held)
            }
            if let held = try String.fetchOne(db, sql: "SELECT sha256 FROM depot_document WHERE station = ? AND sequence = ?",
                                              arguments: [document.station, Int64(clamping: document.sequence)]) {
                return .conflict(existingSHA256: held)
            }
            try db.execute(sql: """
                INSERT INTO depot_document (document_id, kind, station, sequence, previous_sha256, sha256, document, signature, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [document.id, document.kind.rawValue, document.station, Int64(clamping: document.sequence),
                                 document.previousSHA256, document.sha256, Data(document.document), Data(document.signature), document.receivedAt])
            if let customer {
                try db.execute(sql: SQLiteRecordStore.insertCustomerSQL.replacingOccurrences(of: "INSERT INTO", with: "INSERT OR IGNORE INTO"),
                               arguments: SQLiteRecordStore.arguments(customer))
            }
            if let asset {
                try db.execute(sql: SQLiteRecordStore.insertAssetSQL.replacingOccurrences(of: "INSERT INTO", with: "INSERT OR IGNORE INTO"),
                               arguments: SQLiteRecordStore.arguments(asset))
            }
            switch entry {
            case .certificate(let c): try db.execute(sql: SQLiteRecordStore.insertCertificateSQL, arguments: SQLiteRecordStore.arguments(c))
            case .disposal(let d): try db.execute(sql: SQLiteRecordStore.insertDisposalSQL, arguments: SQLiteRecordStore.arguments(d))
            }
            return .stored
        }
    }

    public func document(id: String) async throws -> ArchivedDocument? {
        try records.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM depot_document WHERE document_id = ?", arguments: [id]).map(Self.document)
        }
    }

    public func document(station: String, sequence: UInt64) async throws -> ArchivedDocument? {
        try records.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM depot_document WHERE station = ? AND sequence = ?",
                             arguments: [station, Int64(clamping: sequence)]).map(Self.document)
        }
    }

    public func forEachDocument(station: String?, _ body: (ArchivedDocument) throws -> Void) async throws {
        try records.read { db in
            let cursor = if let station {
                try Row.fetchCursor(db, sql: "SELECT * FROM depot_document WHERE station = ? ORDER BY sequence", arguments: [station])
            } else {
                try Row.fetchCursor(db, sql: "SELECT * FROM depot_document ORDER BY station, sequence")
            }
            while let row = try cursor.next() { try body(Self.document(row)) }
        }
    }

    public func sequences(station: String) async throws -> [UInt64] {
        try records.read { db in
            try Int64.fetchAll(db, sql: "SELECT sequence FROM depot_document WHERE station = ? ORDER BY sequence", arguments: [station])
                .map { UInt64(max(0, $0)) }
        }
    }

    public func chainNeighbours(id: String, station: String, sequence: UInt64) async throws -> ChainNeighbours {
        let links = try records.read { db in
            try Row.fetchAll(db, sql: ChainNeighbours.sql(parameters: ["?", "?", "?", "?"]),
                             arguments: [id, station, Int64(clamping: max(sequence, 1) - 1), Int64(clamping: sequence) &+ 1]).map { r in
                ChainNeighbours.Link(id: r["document_id"], station: r["station"], sequence: UInt64(max(0, r["sequence"] as Int64)),
                                     sha256: r["sha256"], previousSHA256: r["previous_sha256"])
            }
        }
        return ChainNeighbours(links, id: id, station: station, sequence: sequence)
    }

    public func missingSequences(station: String) async throws -> [ClosedRange<UInt64>] {
        try records.read { db in
            try Row.fetchAll(db, sql: MissingSequencesQuery.sql(stationParameter: "?"), arguments: [station]).map { row in
                UInt64(max(1, row["first"] as Int64))...UInt64(max(1, row["last"] as Int64))
            }
        }
    }

    // MARK: - Witnessed heads and findings

    static func head(_ r: Row) -> WitnessedHead {
        WitnessedHead(station: r["station"], sequence: UInt64(max(0, r["sequence"] as Int64)), sha256: r["sha256"], witnessedAt: r["witnessed_at"])
    }

    public func latestHead(station: String) async throws -> WitnessedHead? {
        try records.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM depot_head WHERE station = ? ORDER BY sequence DESC LIMIT 1", arguments: [station]).map(Self.head)
        }
    }

    public func head(station: String, sequence: UInt64) async throws -> WitnessedHead? {
        try records.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM depot_head WHERE station = ? AND sequence = ?",
                             arguments: [station, Int64(clamping: sequence)]).map(Self.head)
        }
    }

    public func recordHead(_ head: WitnessedHead) async throws {
        try records.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO depot_head (station, sequence, sha256, witnessed_at) VALUES (?, ?, ?, ?)",
                           arguments: [head.station, Int64(clamping: head.sequence), head.sha256, head.witnessedAt])
        }
    }

    public func recordFinding(_ finding: DepotFinding) async throws {
        try records.write { db in
            try db.execute(sql: "INSERT INTO depot_finding (station, kind, document_id, sequence, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [finding.station, finding.kind.rawValue, finding.documentID, finding.sequence.map { Int64(clamping: $0) },
                                       finding.detail, finding.recordedAt])
        }
    }

    public func findings(station: String?) async throws -> [DepotFinding] {
        try records.read { db in
            let rows = if let station {
                try Row.fetchAll(db, sql: "SELECT * FROM depot_finding WHERE station = ? ORDER BY finding_id", arguments: [station])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM depot_finding ORDER BY finding_id")
            }
            return rows.map { r in
                DepotFinding(station: r["station"], kind: DepotFinding.Kind(rawValue: r["kind"]) ?? .chainMismatch, documentID: r["document_id"],
                             sequence: (r["sequence"] as Int64?).map { UInt64(max(0, $0)) }, detail: r["detail"], recordedAt: r["recorded_at"])
            }
        }
    }

    // MARK: - Users

    static func user(_ r: Row) -> DepotUser {
        DepotUser(name: r["name"], passwordHash: r["password_hash"], role: DepotUser.Role(rawValue: r["role"]) ?? .auditor, createdAt: r["created_at"])
    }

    public func addUser(_ user: DepotUser) async throws {
        try records.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO depot_user (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [user.name, user.passwordHash, user.role.rawValue, user.createdAt])
            if db.changesCount == 0 { throw DepotArchiveError.userExists(user.name) }
        }
    }

    public func setPassword(user: String, passwordHash: String) async throws -> Bool {
        try records.write { db in
            try db.execute(sql: "UPDATE depot_user SET password_hash = ? WHERE name = ?", arguments: [passwordHash, user])
            return db.changesCount > 0
        }
    }

    public func user(named name: String) async throws -> DepotUser? {
        try records.read { db in try Row.fetchOne(db, sql: "SELECT * FROM depot_user WHERE name = ?", arguments: [name]).map(Self.user) }
    }

    public func users() async throws -> [DepotUser] {
        try records.read { db in try Row.fetchAll(db, sql: "SELECT * FROM depot_user ORDER BY name").map(Self.user) }
    }

    // MARK: - The console

    public func recordAudit(_ entry: AuditEntry) async throws {
        try records.write { db in
            try db.execute(sql: "INSERT INTO depot_audit (at, user_name, address, event, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [entry.at, entry.user, entry.address, entry.event.rawValue, entry.detail])
        }
    }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] {
        try records.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM depot_audit ORDER BY audit_id DESC LIMIT ?", arguments: [max(0, limit)]).map { r in
                AuditEntry(at: r["at"], user: r["user_name"], address: r["address"], event: AuditEntry.Event(rawValue: r["event"]) ?? .download,
                           detail: r["detail"])
            }
        }
    }

    public func activity(station: String) async throws -> StationActivity? {
        try records.read { db in
            try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS documents, MAX(sequence) AS highest, MAX(received_at) AS last_received
                FROM depot_document WHERE station = ? HAVING COUNT(*) > 0
                """, arguments: [station]).map { r in
                StationActivity(station: station, documents: r["documents"], highestSequence: UInt64(max(0, r["highest"] as Int64)),
                                lastReceivedAt: r["last_received"])
            }
        }
    }

    public func stationActivity() async throws -> [StationActivity] {
        try records.read { db in
            try Row.fetchAll(db, sql: """
                SELECT station, COUNT(*) AS documents, MAX(sequence) AS highest, MAX(received_at) AS last_received
                FROM depot_document GROUP BY station ORDER BY station
                """).map { r in
                StationActivity(station: r["station"], documents: r["documents"], highestSequence: UInt64(max(0, r["highest"] as Int64)),
                                lastReceivedAt: r["last_received"])
            }
        }
    }
}
