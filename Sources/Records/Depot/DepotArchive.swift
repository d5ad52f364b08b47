import Foundation

// Times are RFC 3339 UTC strings, as `Timestamp.rfc3339` writes them.
import StorageModel

/// The depot's archive: enrolled stations, every signed document received (its exact bytes), the
/// chain heads it witnessed and the findings it recorded. Implemented next to the record store on
/// the same database (`RecordsSQLite`, `RecordsPostgres`) so that a document and its index rows are
/// written in one transaction: a crash mid-ingest leaves neither. Every conforming archive passes
/// the contract suite in `Tests/RecordStoreContract`.
public protocol DepotArchive: Sendable {
    // MARK: Stations

    /// Records a pending enrollment of `station` with the SHA-256 of its one-time token (the token
    /// itself is never stored). Replaces an earlier pending token of the same station; throws
    /// `DepotArchiveError.stationExists` when the station is already enrolled (active). A revoked
    /// station can be enrolled again: it becomes pending and its old certificate is forgotten.
    func createEnrollment(station: String, tokenSHA256: String, at: String) async throws
    /// Redeems a pending token atomically: binds the station certificate, makes the station active
    /// and forgets the token. Returns nil when no pending enrollment has this token (unknown, used,
    /// or revoked): a token works once.
    func redeemEnrollment(tokenSHA256: String, certificatePEM: String, certificateSHA256: String, at: String) async throws -> EnrolledStation?
    func station(named name: String) async throws -> EnrolledStation?
    /// Every station, by name.
    func stations() async throws -> [EnrolledStation]
    /// Revokes an enrolled or pending station (its pending token stops working; the first
    /// revocation time is kept); false when it is unknown.
    func revokeStation(named name: String, at: String) async throws -> Bool

    // MARK: Documents

    /// Stores the document's bytes, its index entry and, when given and unknown, its asset (never
    /// overwritten, as `RecordStore.ensureAsset`) in one transaction. Same ID and same SHA-256
    /// again → `.alreadyStored` (nothing written); same ID with different bytes, or another
    /// document already held at the same station and sequence → `.conflict` (nothing written;
    /// the caller records a finding). Throws an `ExpungeError` (`depot-entry-mismatch`, nothing
    /// written) when the entry does not describe the document (its ID, kind or SHA-256 differ).
    /// A `customer` unknown to the register is created in the same transaction (a known one is
    /// never changed).
    func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?, customer: CustomerRecord?) async throws -> ArchiveOutcome
    func document(id: String) async throws -> ArchivedDocument?
    func document(station: String, sequence: UInt64) async throws -> ArchivedDocument?
    /// The held document with this ID and the station's documents at `sequence ± 1`, in one read
    /// (what ingest checks a pushed document against).
    func chainNeighbours(id: String, station: String, sequence: UInt64) async throws -> ChainNeighbours
    /// The station's enrollment and `chainNeighbours`, in as few reads as the database allows
    /// (one on PostgreSQL): what ingest needs before it verifies a pushed document.
    func ingestContext(station: String, id: String, sequence: UInt64) async throws -> (station: EnrolledStation?, neighbours: ChainNeighbours)
    /// `archive`, then the station's missing runs as `missingSequences` reports them after it,
    /// in as few reads as the database allows (on PostgreSQL the archiving statement says
    /// whether the chain has any gap, and the runs are read only when it has).
    func archiveReportingGaps(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                              customer: CustomerRecord?) async throws -> (outcome: ArchiveOutcome, missing: [ClosedRange<UInt64>])
    /// Streams a station's documents (every station when nil) in station, sequence order with
    /// constant memory: for `rebuild` and evidence packs.
    func forEachDocument(station: String?, _ body: (ArchivedDocument) throws -> Void) async throws
    /// The sequences held for a station, ascending (to show gaps in its chain).
    func sequences(station: String) async throws -> [UInt64]
    /// The runs of sequences missing below the station's highest held one, ascending (a station
    /// whose first held document is 3 misses 1…2). Computed where the documents are: every
    /// receipt reports it, and reading every held sequence for each document pushed made a push
    /// cost grow with the station's history.
    func missingSequences(station: String) async throws -> [ClosedRange<UInt64>]

    // MARK: Witnessed heads and findings

    /// The highest head witnessed for the station.
    func latestHead(station: String) async throws -> WitnessedHead?
    /// The head witnessed at exactly this sequence, if any.
    func head(station: String, sequence: UInt64) async throws -> WitnessedHead?
    /// Records a head (idempotent for the same station, sequence and hash). A different hash at a
    /// sequence already witnessed is not stored: the first witness stands (the caller records a
    /// `ledgerRewritten` finding).
    func recordHead(_ head: WitnessedHead) async throws
    func recordFinding(_ finding: DepotFinding) async throws
    /// Findings, oldest first; one station's when given.
    func findings(station: String?) async throws -> [DepotFinding]

    // MARK: Users (the depot web)

    /// Adds a user; throws `DepotArchiveError.userExists` when the name is taken.
    func addUser(_ user: DepotUser) async throws
    /// Replaces the password hash; false when the user is unknown.
    func setPassword(user: String, passwordHash: String) async throws -> Bool
    func user(named name: String) async throws -> DepotUser?
    func users() async throws -> [DepotUser]

    // MARK: The console

    /// Appends a line to the audit log.
    func recordAudit(_ entry: AuditEntry) async throws
    /// The newest `limit` lines of the audit log, newest first.
    func auditEntries(limit: Int) async throws -> [AuditEntry]
    /// Per station holding documents: how many, the highest sequence, the newest arrival.
    func stationActivity() async throws -> [StationActivity]
    /// The same for one station; nil when the depot holds none of its documents.
    func activity(station: String) async throws -> StationActivity?
}

extension DepotArchive {
    public func ingestContext(station: String, id: String, sequence: UInt64) async throws -> (station: EnrolledStation?, neighbours: ChainNeighbours) {
        (try await self.station(named: station), try await chainNeighbours(id: id, station: station, sequence: sequence))
    }

    public func archiveReportingGaps(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                                     customer: CustomerRecord?) async throws -> (outcome: ArchiveOutcome, missing: [ClosedRange<UInt64>]) {
        let outcome = try await archive(document, indexing: entry, asset: asset, customer: customer)
        return (outcome, try await missingSequences(station: document.station))
    }

    /// Archives without creating an asset (the index entry alone).
    public func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument) async throws -> ArchiveOutcome {
        try await archive(document, indexing: entry, asset: nil, customer: nil)
    }

    /// Archives with the asset, creating no customer.
    public func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?) async throws -> ArchiveOutcome {
        try await archive(document, indexing: entry, asset: asset, customer: nil)
    }
}

/// What `archive(_:indexing:asset:customer:)` indexes with the document.
public enum IndexedDocument: Sendable, Hashable {
    case certificate(CertificateIndexEntry)
    case disposal(DisposalIndexEntry)
}

/// What happened to a document offered to the archive.
public enum ArchiveOutcome: Sendable, Hashable {
    case stored
    case alreadyStored
    /// Another document with the same ID, or at the same station and sequence, is stored; its SHA-256.
    case conflict(existingSHA256: String)
}

public enum DepotArchiveError: Error, Sendable, Hashable {
    case stationExists(String)
    case userExists(String)
}

extension IndexedDocument {
    /// The document ID the entry indexes.
    public var documentID: String {
        switch self {
        case .certificate(let c): c.certificateID
        case .disposal(let d): d.recordID
        }
    }

    public var kind: ArchivedDocument.Kind {
        switch self {
        case .certificate: .wipeCertificate
        case .disposal: .disposalRecord
        }
    }

    public var sha256: String {
        switch self {
        case .certificate(let c): c.sha256
        case .disposal(let d): d.sha256
        }
    }

    /// Whether the entry describes `document` (same ID, kind and SHA-256).
    public func describes(_ document: ArchivedDocument) -> Bool {
        documentID == document.id && kind == document.kind && sha256 == document.sha256
    }

    /// The error `archive` throws when the entry does not describe the document.
    public static func mismatch(_ document: ArchivedDocument) -> ExpungeError {
        ExpungeError(.failed, code: "depot-entry-mismatch",
                     "the index entry given with document \(document.id) does not describe it (ID, kind or SHA-256 differ); nothing was stored")
    }
}
