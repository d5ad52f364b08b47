import BlockIO
import Foundation
import Glibc
import StorageModel

/// Where the next document goes in a station's chain.
public struct LedgerPosition: Sendable, Hashable {
    public var station: String
    public var sequence: UInt64
    /// SHA-256 (hex) of the previous document's file bytes; nil for the first document.
    public var previousSHA256: String?
    public var issuedAt: String

    public init(station: String, sequence: UInt64, previousSHA256: String?, issuedAt: String) {
        self.station = station
        self.sequence = sequence
        self.previousSHA256 = previousSHA256
        self.issuedAt = issuedAt
    }

    /// `<station>-<sequence, six digits>`.
    public var documentID: String { Self.documentID(station: station, sequence: sequence) }

    public static func documentID(station: String, sequence: UInt64) -> String {
        let digits = String(sequence)
        return station + "-" + (digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits)
    }
}

/// A document appended to the ledger.
public struct LedgerEntry: Sendable, Hashable {
    public var id: String
    public var sequence: UInt64
    public var sha256: String
    public var documentPath: String
    public var signaturePath: String
}

/// The station's append-only, hash-chained ledger of signed documents (certificates, disposal
/// records): `<id>.json` with its detached signature `<id>.p7s`. Each document carries its
/// `sequence` and the SHA-256 of its predecessor's bytes, so a missing, inserted or altered
/// document breaks the chain.
///
/// Appends are serialised across threads and processes by `flock` on `ledger.lock`; everything
/// that decides the position — the head, the attempt index, the `issued_at` clock — is read
/// under that lock, so time order is sequence order. The signature is written first and the
/// document last (both atomically): the document's rename is the commit point. Recovery on the
/// next append removes a signature whose document never landed, and moves the head over a
/// document committed just before a crash.
///
/// The recorded head (`state.json`) is authoritative: documents removed after it do not move
/// it back, so the next document continues after the head and the gap stays visible. A lost
/// head is rebuilt from the documents and the rebuild is recorded (`events.log`, and in the
/// head itself). `attempts.log` maps attempt IDs to documents so an attempt is certified once.
public struct Ledger: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    struct State: Codable {
        var station: String
        var lastSequence: UInt64
        var lastSHA256: String?
        /// Set when the head was rebuilt from the documents, with the reason; kept afterwards.
        var rebuiltAt: String?
        var rebuildReason: String?
    }

    var statePath: String { directory + "/state.json" }
    var events: LedgerEvents { LedgerEvents(directory: directory) }
    var attempts: AttemptIndex { AttemptIndex(directory: directory) }

    /// Appends one document. `make` builds the document bytes for the position; `sign` returns
    /// the detached signature of those exact bytes. With `attemptID`, refuses (with
    /// `AttemptAlreadyCertified`) when that attempt already has a document. `clock` is read
    /// under the ledger lock for the document's `issued_at`.
    public func append(station: String, attemptID: UUID? = nil, clock: () -> Date = { Date() },
                       make: (LedgerPosition) throws -> [UInt8],
                       sign: ([UInt8]) throws -> [UInt8]) throws -> LedgerEntry {
        try AtomicFile.ensureDirectory(directory)
        return try withLock {
            let state = try currentState(station: station)
            let attempt = attemptID.map { $0.uuidString.lowercased() }
            if let attempt, let existing = try attempts.load()[attempt] {
                throw AttemptAlreadyCertified(attemptID: attempt, documentID: existing)
            }
            let position = LedgerPosition(station: station, sequence: state.lastSequence + 1,
                                          previousSHA256: state.lastSHA256, issuedAt: Timestamp.rfc3339(clock()))
            let document = try make(position)
            let signature = try sign(document)
            let base = directory + "/" + position.documentID
            try AtomicFile.write(signature, to: base + ".p7s", mode: 0o644)
            CrashPoint.reached("signature-written")
            try AtomicFile.write(document, to: base + ".json", mode: 0o644)
            CrashPoint.reached("document-written")
            let digest = SHA256Digest.hex(document)
            if let attempt { try attempts.record(attempt, documentID: position.documentID) }
            var next = state
            next.lastSequence = position.sequence
            next.lastSHA256 = digest
            try saveState(next)
            return LedgerEntry(id: position.documentID, sequence: position.sequence, sha256: digest,
                               documentPath: base + ".json", signaturePath: base + ".p7s")
        }
    }

    /// The station's recorded head, recovered first if needed (taken under the lock; a lost
    /// `state.json` is rebuilt from the documents and the rebuild recorded). Sequence 0 when
    /// nothing was appended yet.
    public func head(station: String) throws -> LedgerHead {
        guard FileManager.default.fileExists(atPath: directory) else { return LedgerHead(station: station, sequence: 0, sha256: nil) }
        return try withLock {
            let s = try currentState(station: station)
            return LedgerHead(station: s.station, sequence: s.lastSequence, sha256: s.lastSHA256,
                              rebuiltAt: s.rebuiltAt, rebuildReason: s.rebuildReason)
        }
    }

    /// The head as `state.json` in `directory` records it, read without locking or repairing
    /// anything (for verification); nil when there is none or it is unreadable.
    public static func recordedHead(in directory: String) -> LedgerHead? {
        guard case .success(let bytes) = BoundedFile.read(directory + "/state.json", limit: DocumentLimits.maxDocumentBytes),
              let s = try? JSONDecoder().decode(State.self, from: Data(bytes)) else { return nil }
        return LedgerHead(station: s.station, sequence: s.lastSequence, sha256: s.lastSHA256, rebuiltAt: s.rebuiltAt, rebuildReason: s.rebuildReason)
    }

    /// The document that certified `attemptID`, if the ledger has it.
    public func entry(certifying attemptID: UUID) throws -> LedgerEntry? {
        guard let id = try attempts.load()[attemptID.uuidString.lowercased()] else { return nil }
        let base = directory + "/" + id
        guard case .success(let bytes) = BoundedFile.read(base + ".json", limit: DocumentLimits.maxDocumentBytes),
              let sequence = UInt64(id.split(separator: "-").last ?? "") else { return nil }
        return LedgerEntry(id: id, sequence: sequence, sha256: SHA256Digest.hex(bytes), documentPath: base + ".json", signaturePath: base + ".p7s")
    }

    /// Runs `body` holding `flock(ledger.lock)`.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let lockPath = directory + "/ledger.lock"
        let lockFD: Int32
        do { lockFD = try SystemCall.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) } catch { throw AtomicFile.failure("open", lockPath, error) }
        defer { SystemCall.close(lockFD) }
        do { try SystemCall.lockExclusive(lockFD) } catch { throw AtomicFile.failure("lock", lockPath, error) }
        defer { SystemCall.unlock(lockFD) }
        return try body()
    }

    /// The chain head for `station`: the recorded head (authoritative), moved over documents
    /// committed after it (a crash between the document's rename and the state update), or,
    /// when there is no usable record, rebuilt from the documents and the rebuild recorded.
    func currentState(station: String) throws -> State {
        var state: State
        var changed = false
        switch BoundedFile.read(statePath, limit: DocumentLimits.maxDocumentBytes) {
        case .success(let bytes):
            if let s = try? JSONDecoder().decode(State.self, from: Data(bytes)) {
                if s.station == station {
                    state = s
                } else {
                    state = try rebuild(station: station, reason: "state.json records station \(s.station), not \(station)")
                    changed = true
                }
            } else {
                state = try rebuild(station: station, reason: "state.json was unreadable")
                changed = true
            }
        case .failure(.unreadable(let e)) where e == .noSuchFile:
            state = try rebuild(station: station, reason: "state.json was missing")
            changed = true
        case .failure(let f):
            state = try rebuild(station: station, reason: "state.json was unusable (\(f))")
            changed = true
        }
        // Documents committed after the recorded head: the head moves over them (never back).
        while true {
            let nextBase = directory + "/" + LedgerPosition.documentID(station: station, sequence: state.lastSequence + 1)
            if FileManager.default.fileExists(atPath: nextBase + ".json") {
                guard case .success(let bytes) = BoundedFile.read(nextBase + ".json", limit: DocumentLimits.maxDocumentBytes) else {
                    throw ExpungeError(.failed, "cannot read \(nextBase).json, the document after the ledger head",
                                        remedy: "check the ledger directory; the document must not be overwritten")
                }
                state.lastSequence += 1
                state.lastSHA256 = SHA256Digest.hex(bytes)
                if let (attempt, id) = AttemptIndex.attempt(ofDocument: nextBase + ".json"), try attempts.load()[attempt] == nil {
                    try attempts.record(attempt, documentID: id)
                }
                changed = true
                continue
            }
            if FileManager.default.fileExists(atPath: nextBase + ".p7s") {
                try? FileManager.default.removeItem(atPath: nextBase + ".p7s")  // crash between the two renames
            }
            break
        }
        if changed { try saveState(state) }
        return state
    }

    /// Rebuilds the head from the documents present. A ledger with no documents is simply new;
    /// otherwise the rebuild is recorded in `events.log` and in the state.
    func rebuild(station: String, reason: String) throws -> State {
        var state = try scan(station: station)
        guard state.lastSequence > 0 else { return state }
        let now = Timestamp.rfc3339(Date())
        state.rebuiltAt = now
        state.rebuildReason = reason
        try events.append(LedgerEvents.Event(at: now, event: "head-rebuilt", station: station, sequence: state.lastSequence,
                                             sha256: state.lastSHA256, reason: reason))
        return state
    }

    /// The highest-numbered document of `station` present (orphan signatures are removed).
    func scan(station: String) throws -> State {
        let prefix = station + "-"
        var best: (UInt64, String)?
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let stem = String(name.dropFirst(prefix.count).prefix { $0 != "." })
            guard let seq = UInt64(stem) else { continue }
            if name.hasSuffix(".p7s"), !FileManager.default.fileExists(atPath: directory + "/" + prefix + stem + ".json") {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
                continue
            }
            guard name.hasSuffix(".json") else { continue }
            if best == nil || seq > best!.0 { best = (seq, name) }
        }
        guard let (seq, name) = best else { return State(station: station, lastSequence: 0, lastSHA256: nil) }
        guard case .success(let bytes) = BoundedFile.read(directory + "/" + name, limit: DocumentLimits.maxDocumentBytes) else {
            throw ExpungeError(.failed, "cannot read \(directory)/\(name), the newest document, to rebuild the ledger head",
                                remedy: "check the ledger directory")
        }
        return State(station: station, lastSequence: seq, lastSHA256: SHA256Digest.hex(bytes))
    }

    func saveState(_ state: State) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write([UInt8](try encoder.encode(state)), to: statePath, mode: 0o600)
    }
}
