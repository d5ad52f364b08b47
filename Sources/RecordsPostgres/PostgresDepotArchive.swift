import Foundation
import Evidence
import PostgresNIO
import Records
import StorageModel

/// The depot's archive on PostgreSQL: the same server, schema and pool as the
/// `PostgresRecordStore` it is made from, so that a document's bytes and its index rows are
/// written in one transaction. Single statements do the racy parts (`INSERT … ON CONFLICT DO
/// NOTHING`, `UPDATE … RETURNING`), so concurrent depots and requests stay correct.
///
///     try await withPostgresStore(settings) { records in
///         let archive = PostgresDepotArchive(records)
///         …
///     }
public final class PostgresDepotArchive: DepotArchive {
    /// The record store on the same database (reports, listings, the register).
    public let records: PostgresRecordStore

    public init(_ records: PostgresRecordStore) {
        self.records = records
    }

    var logger: Logger { records.logger }

    // MARK: - Stations

    static func station(_ r: ColumnReader) throws -> EnrolledStation {
        EnrolledStation(name: try r("name"), state: EnrolledStation.State(rawValue: try r("state")) ?? .revoked,
                        certificatePEM: try r("certificate_pem"), certificateSHA256: try r("certificate_sha256"), createdAt: try r("created_at"),
                        enrolledAt: try r("enrolled_at"), revokedAt: try r("revoked_at"))
    }

    public func createEnrollment(station: String, tokenSHA256: String, at: String) async throws {
        // One statement: a new station, or a pending or revoked one made pending with the new
        // token; an active station is left alone (no row returned).
        let written = try await records.transaction { c in
            try await c.count("""
                INSERT INTO depot_station (name, state, token_sha256, created_at) VALUES (\(station), 'pending', \(tokenSHA256), \(at))
                ON CONFLICT (name) DO UPDATE SET state = 'pending', token_sha256 = EXCLUDED.token_sha256, certificate_pem = NULL,
                    certificate_sha256 = NULL, created_at = EXCLUDED.created_at, enrolled_at = NULL, revoked_at = NULL
                WHERE depot_station.state <> 'active'
                RETURNING name
                """, logger: logger)
        }
        if written == 0 { throw DepotArchiveError.stationExists(station) }
    }

    public func redeemEnrollment(tokenSHA256: String, certificatePEM: String, certificateSHA256: String, at: String) async throws -> EnrolledStation? {
        try await records.transaction { c in
            var redeemed: EnrolledStation?
            for try await row in try await c.query("""
                UPDATE depot_station SET state = 'active', token_sha256 = NULL, certificate_pem = \(certificatePEM),
                    certificate_sha256 = \(certificateSHA256), enrolled_at = \(at)
                WHERE token_sha256 = \(tokenSHA256) AND state = 'pending'
                RETURNING *
                """, logger: logger) {
                redeemed = try Self.station(ColumnReader(row))
            }
            return redeemed
        }
    }

    public func station(named name: String) async throws -> EnrolledStation? {
        try await records.rows("SELECT * FROM depot_station WHERE name = \(name)", Self.station).first
    }

    public func stations() async throws -> [EnrolledStation] {
        try await records.rows("SELECT * FROM depot_station ORDER BY name", Self.station)
    }

    public func revokeStation(named name: String, at: String) async throws -> Bool {
        try await records.transaction { c in
            try await c.count("""
                UPDATE depot_station SET state = 'revoked', token_sha256 = NULL, revoked_at = COALESCE(revoked_at, \(at))
                WHERE name = \(name) RETURNING name
                """, logger: logger) > 0
        }
    }

    // MARK: - Documents

    static func document(_ r: ColumnReader) throws -> ArchivedDocument {
        ArchivedDocument(id: try r("document_id"), kind: ArchivedDocument.Kind(rawValue: try r("kind")) ?? .wipeCertificate, station: try r("station"),
                         sequence: try r.unsigned("sequence"), previousSHA256: try r("previous_sha256"), sha256: try r("sha256"),
                         document: Array(try r("document", as: ByteBuffer.self).readableBytesView),
                         signature: Array(try r("signature", as: ByteBuffer.self).readableBytesView), receivedAt: try r("received_at"))
    }

    public func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                        customer: CustomerRecord?) async throws -> ArchiveOutcome {
        try await archiveWithSummary(document, indexing: entry, asset: asset, customer: customer).outcome
    }

    public func archiveReportingGaps(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                                     customer: CustomerRecord?) async throws -> (outcome: ArchiveOutcome, missing: [ClosedRange<UInt64>]) {
        let (outcome, before) = try await archiveWithSummary(document, indexing: entry, asset: asset, customer: customer)
        if outcome == .stored, before.continuousAfter(adding: document.sequence) { return (outcome, []) }
        return (outcome, try await missingSequences(station: document.station))
    }

    /// The station's chain summary as the archiving statement saw it, before its document.
    struct ChainSummary {
        var documents: Int64 = 0
        var lowest: Int64 = 0
        var highest: Int64 = 0
        var exists = false

        /// Whether the chain runs from 1 (or its lowest sequence) to its highest without a gap
        /// once `sequence` is added.
        func continuousAfter(adding sequence: UInt64) -> Bool {
            let s = Int64(clamping: sequence)
            let documents = self.documents + 1, lowest = exists ? min(self.lowest, s) : s, highest = exists ? max(self.highest, s) : s
            return documents >= highest - min(lowest, 1) + 1
        }
    }

    func archiveWithSummary(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                            customer: CustomerRecord?) async throws -> (outcome: ArchiveOutcome, before: ChainSummary) {
        guard entry.describes(document), SHA256Digest.hex(document.document) == document.sha256 else {
            throw IndexedDocument.mismatch(document)
        }
        let logger = self.logger
        return try await records.reading { c -> (outcome: ArchiveOutcome, before: ChainSummary) in
            // One statement, so one implicit transaction and one round trip: the document row, and
            // only when it was inserted, the customer, the asset, the index row and the chain
            // summary (each sub-statement is gated on the document's RETURNING). Either key taken
            // (ID, or station and sequence) → nothing written; a concurrent insert of the same key
            // is waited for, then seen. The row returned carries the chain summary as the
            // statement's snapshot saw it, before this document.
            var inserted = false
            var before = ChainSummary()
            func note(_ row: (String, Int64?, Int64?, Int64?)) {
                inserted = true
                if let documents = row.1, let lowest = row.2, let highest = row.3 {
                    before = ChainSummary(documents: documents, lowest: lowest, highest: highest, exists: true)
                }
            }
            switch entry {
            case .certificate(let e):
                for try await row in try await c.execute(ArchiveStatement<CertificateIndex>(document, entry: e, asset: asset, customer: customer),
                                                         logger: logger) { note(row) }
            case .disposal(let e):
                for try await row in try await c.execute(ArchiveStatement<DisposalIndex>(document, entry: e, asset: asset, customer: customer),
                                                         logger: logger) { note(row) }
            }
            guard inserted else {
                var held: String?
                for try await sha in try await c.query("""
                    SELECT sha256 FROM depot_document WHERE document_id = \(document.id)
                    UNION ALL
                    SELECT sha256 FROM depot_document WHERE station = \(document.station) AND sequence = \(Int64(clamping: document.sequence))
                        AND document_id <> \(document.id)
                    """, logger: logger).decode(String.self) where held == nil {
                    held = sha
                }
                guard let held else {
                    throw ExpungeError(.failed, code: "database-conflict", "document \(document.id) was neither stored nor found; nothing was written",
                                       remedy: "retry")
                }
                return (held == document.sha256 ? .alreadyStored : .conflict(existingSHA256: held), before)
            }
            return (.stored, before)
        }
    }

    public func document(id: String) async throws -> ArchivedDocument? {
        try await records.rows("SELECT * FROM depot_document WHERE document_id = \(id)", Self.document).first
    }

    public func document(station: String, sequence: UInt64) async throws -> ArchivedDocument? {
        try await records.rows("SELECT * FROM depot_document WHERE station = \(station) AND sequence = \(Int64(clamping: sequence))", Self.document).first
    }

    public func forEachDocument(station: String?, _ body: (ArchivedDocument) throws -> Void) async throws {
        let statement: PostgresQuery = if let station {
            "SELECT * FROM depot_document WHERE station = \(station) ORDER BY sequence"
        } else {
            "SELECT * FROM depot_document ORDER BY station, sequence"
        }
        try await records.forEachRow(statement) { try body(try Self.document($0)) }
    }

    public func sequences(station: String) async throws -> [UInt64] {
        try await records.rows("SELECT sequence FROM depot_document WHERE station = \(station) ORDER BY sequence") { try $0.unsigned("sequence") }
    }

    public func chainNeighbours(id: String, station: String, sequence: UInt64) async throws -> ChainNeighbours {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(station)
        binds.append(Int64(clamping: max(sequence, 1) - 1))
        binds.append(Int64(clamping: sequence) &+ 1)
        let links = try await records.rows(PostgresQuery(unsafeSQL: ChainNeighbours.sql(parameters: ["$1", "$2", "$3", "$4"]), binds: binds), Self.link)
        return ChainNeighbours(links, id: id, station: station, sequence: sequence)
    }

    public func ingestContext(station: String, id: String, sequence: UInt64) async throws -> (station: EnrolledStation?, neighbours: ChainNeighbours) {
        let logger = self.logger
        return try await records.reading { c in
            var enrolled: EnrolledStation?
            var links: [ChainNeighbours.Link] = []
            for try await row in try await c.execute(IngestContextStatement(id: id, station: station, sequence: sequence), logger: logger) {
                if enrolled == nil { enrolled = row.station }
                if let link = row.link { links.append(link) }
            }
            return (enrolled, ChainNeighbours(links, id: id, station: station, sequence: sequence))
        }
    }

    /// A row of `ChainNeighbours.sql`.
    static func link(_ r: ColumnReader) throws -> ChainNeighbours.Link {
        ChainNeighbours.Link(id: try r("document_id"), station: try r("station"), sequence: try r.unsigned("sequence"),
                             sha256: try r("sha256"), previousSHA256: try r("previous_sha256"))
    }

    public func missingSequences(station: String) async throws -> [ClosedRange<UInt64>] {
        var binds = PostgresBindings()
        binds.append(station)
        // The chain summary says in one row whether there is any gap (fewer documents than the
        // sequences from 1, or the lowest, to the highest); only then are the runs looked for.
        return try await records.rows(PostgresQuery(unsafeSQL: """
            SELECT first, last FROM (\(MissingSequencesQuery.sql(stationParameter: "$1"))) AS runs
            WHERE EXISTS (SELECT 1 FROM depot_chain WHERE station = $1 AND documents < highest - LEAST(lowest, 1) + 1) ORDER BY first
            """, binds: binds)) {
            try $0.unsigned("first")...$0.unsigned("last")
        }
    }

    // MARK: - Witnessed heads and findings

    static func head(_ r: ColumnReader) throws -> WitnessedHead {
        WitnessedHead(station: try r("station"), sequence: try r.unsigned("sequence"), sha256: try r("sha256"), witnessedAt: try r("witnessed_at"))
    }

    public func latestHead(station: String) async throws -> WitnessedHead? {
        try await records.rows("SELECT * FROM depot_head WHERE station = \(station) ORDER BY sequence DESC LIMIT 1", Self.head).first
    }

    public func head(station: String, sequence: UInt64) async throws -> WitnessedHead? {
        try await records.rows("SELECT * FROM depot_head WHERE station = \(station) AND sequence = \(Int64(clamping: sequence))", Self.head).first
    }

    public func recordHead(_ head: WitnessedHead) async throws {
        try await records.transaction { c in
            try await c.query("""
                INSERT INTO depot_head (station, sequence, sha256, witnessed_at)
                VALUES (\(head.station), \(Int64(clamping: head.sequence)), \(head.sha256), \(head.witnessedAt))
                ON CONFLICT (station, sequence) DO NOTHING
                """, logger: logger)
        }
    }

    public func recordFinding(_ finding: DepotFinding) async throws {
        try await records.transaction { c in
            try await c.query("""
                INSERT INTO depot_finding (station, kind, document_id, sequence, detail, recorded_at)
                VALUES (\(finding.station), \(finding.kind.rawValue), \(finding.documentID), \(finding.sequence.map { Int64(clamping: $0) }),
                        \(finding.detail), \(finding.recordedAt))
                """, logger: logger)
        }
    }

    public func findings(station: String?) async throws -> [DepotFinding] {
        let statement: PostgresQuery = if let station {
            "SELECT * FROM depot_finding WHERE station = \(station) ORDER BY finding_id"
        } else {
            "SELECT * FROM depot_finding ORDER BY finding_id"
        }
        return try await records.rows(statement) { r in
            DepotFinding(station: try r("station"), kind: DepotFinding.Kind(rawValue: try r("kind")) ?? .chainMismatch, documentID: try r("document_id"),
                         sequence: try r.unsignedIfPresent("sequence"), detail: try r("detail"), recordedAt: try r("recorded_at"))
        }
    }

    // MARK: - Users

    static func user(_ r: ColumnReader) throws -> DepotUser {
        DepotUser(name: try r("name"), passwordHash: try r("password_hash"), role: DepotUser.Role(rawValue: try r("role")) ?? .auditor,
                  createdAt: try r("created_at"))
    }

    public func addUser(_ user: DepotUser) async throws {
        let added = try await records.transaction { c in
            try await c.count("""
                INSERT INTO depot_user (name, password_hash, role, created_at)
                VALUES (\(user.name), \(user.passwordHash), \(user.role.rawValue), \(user.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """, logger: logger)
        }
        if added == 0 { throw DepotArchiveError.userExists(user.name) }
    }

    public func setPassword(user: String, passwordHash: String) async throws -> Bool {
        try await records.transaction { c in
            try await c.count("UPDATE depot_user SET password_hash = \(passwordHash) WHERE name = \(user) RETURNING name", logger: logger) > 0
        }
    }

    public func user(named name: String) async throws -> DepotUser? {
        try await records.rows("SELECT * FROM depot_user WHERE name = \(name)", Self.user).first
    }

    public func users() async throws -> [DepotUser] {
        try await records.rows("SELECT * FROM depot_user ORDER BY name", Self.user)
    }

    // MARK: - The console

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await records.transaction { c in
            _ = try await c.count("""
                INSERT INTO depot_audit (at, user_name, address, event, detail)
                VALUES (\(entry.at), \(entry.user), \(entry.address), \(entry.event.rawValue), \(entry.detail)) RETURNING audit_id
                """, logger: logger)
        }
    }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] {
        try await records.rows("SELECT * FROM depot_audit ORDER BY audit_id DESC LIMIT \(Int64(max(0, limit)))") { r in
            AuditEntry(at: try r("at"), user: try r("user_name"), address: try r("address"),
                       event: AuditEntry.Event(rawValue: try r("event")) ?? .download, detail: try r("detail"))
        }
    }

    public func stationActivity() async throws -> [StationActivity] {
        try await records.rows("SELECT * FROM depot_chain ORDER BY station", Self.activity)
    }

    public func activity(station: String) async throws -> StationActivity? {
        try await records.rows("SELECT * FROM depot_chain WHERE station = \(station)", Self.activity).first
    }

    static func activity(_ r: ColumnReader) throws -> StationActivity {
        StationActivity(station: try r("station"), documents: Int(try r("documents", as: Int64.self)), highestSequence: try r.unsigned("highest"),
                        lastReceivedAt: try r("last_received_at"))
    }
}
