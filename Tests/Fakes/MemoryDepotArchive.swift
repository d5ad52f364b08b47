import Records
import StorageModel
import Synchronization

/// A depot archive in memory, for the depot's service and API tests: the same contract as the
/// database archives (one atomic step per call), without a database. `failNextArchive` makes the
/// next `archive(_:indexing:)` throw before anything is kept (a database gone mid-ingest).
public final class MemoryDepotArchive: DepotArchive, @unchecked Sendable {
    struct State {
        var stations: [String: EnrolledStation] = [:]
        var tokens: [String: String] = [:]  // token SHA-256 → station
        var documents: [String: ArchivedDocument] = [:]
        var indexed: [String: IndexedDocument] = [:]
        var assets: [String: AssetRecord] = [:]
        var customers: [String: CustomerRecord] = [:]
        var heads: [String: [UInt64: WitnessedHead]] = [:]
        var findings: [DepotFinding] = []
        var users: [String: DepotUser] = [:]
        var audit: [AuditEntry] = []
        var failNextArchive = false
    }

    public struct InjectedFailure: Error {}

    let state = Mutex(State())

    public init() {}

    public var documentCount: Int { state.withLock { $0.documents.count } }
    public var indexedCount: Int { state.withLock { $0.indexed.count } }
    /// The customers archiving created, by ID.
    public var customers: [String: CustomerRecord] { state.withLock { $0.customers } }
    public func failNextArchive() { state.withLock { $0.failNextArchive = true } }
    /// What was indexed with a document.
    public func indexEntry(_ id: String) -> IndexedDocument? { state.withLock { $0.indexed[id] } }

    public func createEnrollment(station: String, tokenSHA256: String, at: String) async throws {
        try state.withLock { s in
            if s.stations[station]?.state == .active { throw DepotArchiveError.stationExists(station) }
            s.tokens = s.tokens.filter { $0.value != station }
            s.tokens[tokenSHA256] = station
            s.stations[station] = EnrolledStation(name: station, state: .pending, certificatePEM: nil, certificateSHA256: nil, createdAt: at,
                                                  enrolledAt: nil, revokedAt: nil)
        }
    }

    public func redeemEnrollment(tokenSHA256: String, certificatePEM: String, certificateSHA256: String, at: String) async throws -> EnrolledStation? {
        state.withLock { s in
            guard let name = s.tokens.removeValue(forKey: tokenSHA256), var station = s.stations[name], station.state == .pending else { return nil }
            station.state = .active
            station.certificatePEM = certificatePEM
            station.certificateSHA256 = certificateSHA256
            station.enrolledAt = at
            s.stations[name] = station
            return station
        }
    }

    public func station(named name: String) async throws -> EnrolledStation? { state.withLock { $0.stations[name] } }

    public func stations() async throws -> [EnrolledStation] { state.withLock { $0.stations.values.sorted { $0.name < $1.name } } }

    public func revokeStation(named name: String, at: String) async throws -> Bool {
        state.withLock { s in
            guard var station = s.stations[name] else { return false }
            station.state = .revoked
            station.revokedAt = at
            s.stations[name] = station
            s.tokens = s.tokens.filter { $0.value != name }
            return true
        }
    }

    /// The assets created by archived documents.
    public func asset(_ id: String) -> AssetRecord? { state.withLock { $0.assets[id] } }

    public func archive(_ document: ArchivedDocument, indexing entry: IndexedDocument, asset: AssetRecord?,
                        customer: CustomerRecord?) async throws -> ArchiveOutcome {
        try state.withLock { s in
            if s.failNextArchive {
                s.failNextArchive = false
                throw InjectedFailure()
            }
            if let existing = s.documents[document.id] {
                return existing.sha256 == document.sha256 ? .alreadyStored : .conflict(existingSHA256: existing.sha256)
            }
            if let other = s.documents.values.first(where: { $0.station == document.station && $0.sequence == document.sequence }) {
                return .conflict(existingSHA256: other.sha256)
            }
            s.documents[document.id] = document
            s.indexed[document.id] = entry
            if let asset, s.assets[asset.assetID] == nil { s.assets[asset.assetID] = asset }
            if let customer, s.customers[customer.customerID] == nil { s.customers[customer.customerID] = customer }
            return .stored
        }
    }

    public func document(id: String) async throws -> ArchivedDocument? { state.withLock { $0.documents[id] } }

    public func document(station: String, sequence: UInt64) async throws -> ArchivedDocument? {
        state.withLock { s in s.documents.values.first { $0.station == station && $0.sequence == sequence } }
    }

    public func forEachDocument(station: String?, _ body: (ArchivedDocument) throws -> Void) async throws {
        let list = state.withLock { s in
            s.documents.values.filter { station == nil || $0.station == station }.sorted { ($0.station, $0.sequence) < ($1.station, $1.sequence) }
        }
        for d in list { try body(d) }
    }

    public func sequences(station: String) async throws -> [UInt64] {
        state.withLock { s in s.documents.values.filter { $0.station == station }.map(\.sequence).sorted() }
    }

    public func chainNeighbours(id: String, station: String, sequence: UInt64) async throws -> ChainNeighbours {
        let links = state.withLock { s in
            s.documents.values.map { ChainNeighbours.Link(id: $0.id, station: $0.station, sequence: $0.sequence, sha256: $0.sha256, previousSHA256: $0.previousSHA256) }
        }
        return ChainNeighbours(links, id: id, station: station, sequence: sequence)
    }

    public func missingSequences(station: String) async throws -> [ClosedRange<UInt64>] {
        var runs: [ClosedRange<UInt64>] = []
        var expected: UInt64 = 1
        for s in try await sequences(station: station) {
            if s > expected { runs.append(expected...(s - 1)) }
            expected = s + 1
        }
        return runs
    }

    public func latestHead(station: String) async throws -> WitnessedHead? {
        state.withLock { s in s.heads[station]?.values.max { $0.sequence < $1.sequence } }
    }

    public func head(station: String, sequence: UInt64) async throws -> WitnessedHead? { state.withLock { $0.heads[station]?[sequence] } }

    public func recordHead(_ head: WitnessedHead) async throws {
        state.withLock { s in
            if s.heads[head.station]?[head.sequence] == nil { s.heads[head.station, default: [:]][head.sequence] = head }
        }
    }

    public func recordFinding(_ finding: DepotFinding) async throws { state.withLock { $0.findings.append(finding) } }

    public func findings(station: String?) async throws -> [DepotFinding] {
        state.withLock { s in s.findings.filter { station == nil || $0.station == station } }
    }

    public func addUser(_ user: DepotUser) async throws {
        try state.withLock { s in
            if s.users[user.name] != nil { throw DepotArchiveError.userExists(user.name) }
            s.users[user.name] = user
        }
    }

    public func setPassword(user: String, passwordHash: String) async throws -> Bool {
        state.withLock { s in
            guard s.users[user] != nil else { return false }
            s.users[user]?.passwordHash = passwordHash
            return true
        }
    }

    public func user(named name: String) async throws -> DepotUser? { state.withLock { $0.users[name] } }

    public func users() async throws -> [DepotUser] { state.withLock { $0.users.values.sorted { $0.name < $1.name } } }

    public func recordAudit(_ entry: AuditEntry) async throws { state.withLock { $0.audit.append(entry) } }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] { state.withLock { Array($0.audit.reversed().prefix(max(0, limit))) } }

    public func activity(station: String) async throws -> StationActivity? {
        try await stationActivity().first { $0.station == station }
    }

    public func stationActivity() async throws -> [StationActivity] {
        state.withLock { s in
            Dictionary(grouping: s.documents.values, by: \.station).map { station, docs in
                StationActivity(station: station, documents: docs.count, highestSequence: docs.map(\.sequence).max() ?? 0,
                                lastReceivedAt: docs.map(\.receivedAt).max() ?? "")
            }.sorted { $0.station < $1.station }
        }
    }
}
