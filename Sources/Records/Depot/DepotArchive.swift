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
    /// `DepotArchiveError.stationExists` when the station is already enrolled (active).
    func createEnrollment(station: String, tokenSHA256: String, at: String) async throws
    /// Redeems a pending token atomically: binds the station certificate, makes the station active
    /// and forgets the token. Returns nil when no pending enrollment has this token (unknown, used,
    /// or revoked): a token works once.
    func redeemEnrollment(tokenSHA256: String, certificatePEM: String, certificateSHA256: String, at: String) async throws -> EnrolledStation?
    func station(named name: String) async throws -> EnrolledStation?
    /// Every station, by name.
    func stations() async throws -> [EnrolledStation]
    /// Revokes an enrolled or pending station; false when it is unknown.
    func revokeStation(named name: String, at: String) async throws -> Bool

    // MARK: Documents

    /// Stores the document's bytes and its index entry in one transaction. Same ID and same
    /// SHA-256 again → `.alreadyStored` (nothing written); same ID, different bytes →
    /// `.conflict` (nothing written; the caller records a finding).
    func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument) async throws -> ArchiveOutcome
    func document(id: String) async throws -> ArchivedDocument?
    func document(station: String, sequence: UInt64) async throws -> ArchivedDocument?
    /// Streams a station's documents (every station when nil) in station, sequence order with
    /// constant memory: for `rebuild` and evidence packs.
    func forEachDocument(station: String?, _ body: (ArchivedDocument) throws -> Void) async throws
    /// The sequences held for a station, ascending (to show gaps in its chain).
    func sequences(station: String) async throws -> [UInt64]

    // MARK: Witnessed heads and findings

    /// The highest head witnessed for the station.
    func latestHead(station: String) async throws -> WitnessedHead?
    /// The head witnessed at exactly this sequence, if any.
    func head(station: String, sequence: UInt64) async throws -> WitnessedHead?
    /// Records a head (idempotent for the same station, sequence and hash).
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
}

/// What `archive(_:indexing:)` indexes with the document.
public enum IndexedDocument: Sendable, Hashable {
    case certificate(CertificateIndexEntry)
    case disposal(DisposalIndexEntry)
}

/// What happened to a document offered to the archive.
public enum ArchiveOutcome: Sendable, Hashable {
    case stored
    case alreadyStored
    /// Another document with the same ID is stored; its SHA-256.
    case conflict(existingSHA256: String)
}

public enum DepotArchiveError: Error, Sendable, Hashable {
    case stationExists(String)
    case userExists(String)
}
