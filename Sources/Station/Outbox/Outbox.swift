import BlockIO
import Evidence
import Foundation
import Glibc
import StorageModel

/// The station's on-disk queue of signed documents for its depot, `$EXPUNGE_HOME/outbox/`:
///
/// ```
/// depot.json        the joined depot (`DepotLink`); without it nothing is queued
/// depot-trust.pem   the depot's TLS certificate or CA, when given at join
/// pending/<id>.json one entry per document waiting to be pushed (`OutboxEntry`)
/// rejected/<id>.json documents the depot refused for good, with its answer
/// state.json        settled sequence, acknowledged head, last push, last error (`OutboxState`)
/// push.lock         held by whoever is pushing (one pusher per home)
/// ```
///
/// Every file is written atomically (`AtomicFile`). The ledger is the truth and the outbox
/// follows it: a document is committed to the ledger first and queued after (`enqueue`), and
/// `reconcile` queues any ledger document after the settled sequence that has no entry (a crash
/// between the two), so nothing signed is lost. An entry leaves `pending/` only after the depot
/// answered for it; a push repeated after a crash gets "already stored" (the depot is idempotent).
public struct Outbox: Sendable {
    public let directory: String
    public let ledgerDirectory: String

    public init(home: ExpungeHome) {
        directory = home.root + "/outbox"
        ledgerDirectory = home.ledger
    }

    var linkPath: String { directory + "/depot.json" }
    public var trustPath: String { directory + "/depot-trust.pem" }
    var pendingDirectory: String { directory + "/pending" }
    var rejectedDirectory: String { directory + "/rejected" }
    var statePath: String { directory + "/state.json" }

    // MARK: The depot

    /// The joined depot; nil when the station has not joined one.
    public func link() throws -> DepotLink? {
        switch BoundedFile.read(linkPath, limit: 64 << 10) {
        case .failure(.unreadable(let e)) where e == .noSuchFile: return nil
        case .failure(let f):
            throw ExpungeError(.failed, code: "depot-link-unreadable", "cannot read \(linkPath): \(f)", remedy: "join the depot again: `expunge depot join`")
        case .success(let bytes):
            guard let link = try? JSONDecoder().decode(DepotLink.self, from: Data(bytes)) else {
                throw ExpungeError(.badInput, code: "depot-link-unreadable", "\(linkPath) is not a depot link",
                                   remedy: "join the depot again: `expunge depot join`")
            }
            return link
        }
    }

    /// Records the joined depot (and its trust anchor). The whole ledger is settled anew against
    /// it: the next push sends every document the ledger holds.
    public func join(_ link: DepotLink, trustPEM: [UInt8]?) throws {
        try AtomicFile.ensureDirectory(directory)
        try AtomicFile.ensureDirectory(pendingDirectory)
        if let trustPEM { try AtomicFile.write(trustPEM, to: trustPath, mode: 0o644) } else { try? FileManager.default.removeItem(atPath: trustPath) }
        try save(OutboxState())
        try? FileManager.default.removeItem(atPath: rejectedDirectory)
        try AtomicFile.write(try Self.encode(link), to: linkPath, mode: 0o644)
    }

    public var isJoined: Bool { FileManager.default.fileExists(atPath: linkPath) }

    // MARK: Queue

    /// Queues a document just committed to the ledger, when the station has joined a depot.
    /// Called after `Ledger.append` returned: the document is in the ledger first, then here.
    public func enqueue(_ entry: LedgerEntry, at date: Date = Date()) throws {
        guard isJoined else { return }
        try write(OutboxEntry(documentID: entry.id, sequence: entry.sequence, sha256: entry.sha256, queuedAt: Timestamp.rfc3339(date)))
    }

    func write(_ entry: OutboxEntry) throws {
        try AtomicFile.ensureDirectory(pendingDirectory)
        try AtomicFile.write(try Self.encode(entry), to: pendingDirectory + "/" + entry.documentID + ".json", mode: 0o644)
    }

    /// The documents waiting, in sequence order.
    public func pending() -> [OutboxEntry] {
        entries(in: pendingDirectory, as: OutboxEntry.self).sorted { $0.sequence < $1.sequence }
    }

    public func rejected() -> [RejectedEntry] {
        entries(in: rejectedDirectory, as: RejectedEntry.self).sorted { $0.entry.sequence < $1.entry.sequence }
    }

    func entries<T: Decodable>(in folder: String, as: T.Type) -> [T] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.compactMap { name in
            guard case .success(let bytes) = BoundedFile.read(folder + "/" + name, limit: 64 << 10) else { return nil }
            return try? JSONDecoder().decode(T.self, from: Data(bytes))
        }
    }

    /// Queues every document of the ledger after the settled sequence, up to `head`, that has
    /// no entry (a crash between the ledger and the outbox, a join after documents were signed).
    /// Returns how many were queued.
    @discardableResult
    public func reconcile(head: LedgerHead, at date: Date = Date()) throws -> Int {
        guard isJoined, head.sequence > 0 else { return 0 }
        let settled = state().settledThrough
        guard head.sequence > settled else { return 0 }
        let queued = Set(pending().map(\.sequence))
        var added = 0
        for sequence in (settled + 1)...head.sequence where !queued.contains(sequence) {
            let id = LedgerPosition.documentID(station: head.station, sequence: sequence)
            guard case .success(let bytes) = BoundedFile.read(ledgerDirectory + "/" + id + ".json", limit: DocumentLimits.maxDocumentBytes) else {
                continue  // not in the ledger (removed): the depot's witness of the head shows it
            }
            try write(OutboxEntry(documentID: id, sequence: sequence, sha256: SHA256Digest.hex(bytes), queuedAt: Timestamp.rfc3339(date)))
            added += 1
        }
        return added
    }

    /// The bytes to push for an entry: the ledger document and its signature; nil when the
    /// ledger no longer has them.
    public func signedDocument(_ entry: OutboxEntry) -> (document: [UInt8], signature: [UInt8])? {
        let base = ledgerDirectory + "/" + entry.documentID
        guard case .success(let document) = BoundedFile.read(base + ".json", limit: DocumentLimits.maxDocumentBytes),
              case .success(let signature) = BoundedFile.read(base + ".p7s", limit: DocumentLimits.maxSignatureBytes) else { return nil }
        return (document, signature)
    }

    /// The depot took the document (stored, or already stored): the entry leaves the queue.
    public func acknowledge(_ entry: OutboxEntry, at date: Date = Date()) throws {
        var s = state()
        s.settledThrough = max(s.settledThrough, entry.sequence)
        s.lastPushAt = Timestamp.rfc3339(date)
        try save(s)
        try remove(entry)
    }

    /// The depot refused the document for good (conflict, invalid): kept under `rejected/` with
    /// the answer, and no longer pushed.
    public func reject(_ entry: OutboxEntry, code: String, message: String, at date: Date = Date()) throws {
        try AtomicFile.ensureDirectory(rejectedDirectory)
        try AtomicFile.write(try Self.encode(RejectedEntry(entry: entry, code: code, message: message, rejectedAt: Timestamp.rfc3339(date))),
                             to: rejectedDirectory + "/" + entry.documentID + ".json", mode: 0o644)
        var s = state()
        s.settledThrough = max(s.settledThrough, entry.sequence)
        s.lastError = .init(code: code, message: "\(entry.documentID): \(message)", at: Timestamp.rfc3339(date))
        try save(s)
        try remove(entry)
    }

    func remove(_ entry: OutboxEntry) throws {
        let path = pendingDirectory + "/" + entry.documentID + ".json"
        do { try SystemCall.unlink(path) } catch where error == .noSuchFile {} catch {
            throw ExpungeError(.failed, code: "outbox-unwritable", "cannot remove \(path): \(error)",
                               remedy: "check the permissions of $EXPUNGE_HOME/outbox")
        }
        AtomicFile.syncDirectory(pendingDirectory)
    }

    // MARK: State

    public func state() -> OutboxState {
        guard case .success(let bytes) = BoundedFile.read(statePath, limit: 1 << 20),
              let s = try? JSONDecoder().decode(OutboxState.self, from: Data(bytes)) else { return OutboxState() }
        return s
    }

    public func save(_ state: OutboxState) throws {
        try AtomicFile.ensureDirectory(directory)
        try AtomicFile.write(try Self.encode(state), to: statePath, mode: 0o644)
    }

    /// Updates the state in one read-modify-write.
    public func update(_ change: (inout OutboxState) -> Void) throws {
        var s = state()
        change(&s)
        try save(s)
    }

    // MARK: One pusher at a time

    /// Runs `body` holding `push.lock`; nil without running it when another process holds it
    /// and `wait` is false.
    public func whilePushing<T>(wait: Bool, _ body: () async throws -> T) async throws -> T? {
        try AtomicFile.ensureDirectory(directory)
        let path = directory + "/push.lock"
        let fd: Int32
        do { fd = try SystemCall.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) } catch {
            throw ExpungeError(.failed, code: "outbox-unwritable", "cannot open \(path): \(error)", remedy: "check the permissions of $EXPUNGE_HOME/outbox")
        }
        defer { SystemCall.close(fd) }
        while true {
            let locked: Bool
            do { locked = try SystemCall.tryLockExclusive(fd) } catch {
                throw ExpungeError(.failed, code: "outbox-unwritable", "cannot lock \(path): \(error)", remedy: "check the permissions of $EXPUNGE_HOME/outbox")
            }
            if locked { break }
            guard wait else { return nil }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        defer { SystemCall.unlock(fd) }
        return try await body()
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value)) + [0x0A]
    }
}
