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
/// Appends are serialised across threads and processes by `flock` on `ledger.lock`. The
/// signature is written first and the document last (both atomically): the document's rename is
/// the commit point. Recovery on the next append removes a signature whose document never landed.
public struct Ledger: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    struct State: Codable {
        var station: String
        var lastSequence: UInt64
        var lastSHA256: String?
    }

    var statePath: String { directory + "/state.json" }

    /// Appends one document. `make` builds the document bytes for the position; `sign` returns
    /// the detached signature of those exact bytes.
    public func append(station: String, now: Date = Date(),
                       make: (LedgerPosition) throws -> [UInt8],
                       sign: ([UInt8]) throws -> [UInt8]) throws -> LedgerEntry {
        try AtomicFile.ensureDirectory(directory)
        let lockPath = directory + "/ledger.lock"
        let lockFD = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw AtomicFile.failure("open", lockPath) }
        defer { close(lockFD) }
        while flock(lockFD, LOCK_EX) != 0 { if errno != EINTR { throw AtomicFile.failure("lock", lockPath) } }
        defer { flock(lockFD, LOCK_UN) }

        let state = try currentState(station: station)
        let position = LedgerPosition(station: station, sequence: state.lastSequence + 1,
                                      previousSHA256: state.lastSHA256, issuedAt: Timestamp.rfc3339(now))
        let document = try make(position)
        let signature = try sign(document)
        let base = directory + "/" + position.documentID
        try AtomicFile.write(signature, to: base + ".p7s", mode: 0o644)
        try AtomicFile.write(document, to: base + ".json", mode: 0o644)
        let digest = SHA256Digest.hex(document)
        try saveState(State(station: station, lastSequence: position.sequence, lastSHA256: digest))
        return LedgerEntry(id: position.documentID, sequence: position.sequence, sha256: digest,
                           documentPath: base + ".json", signaturePath: base + ".p7s")
    }

    /// The chain head for `station`: from the state file when it agrees with the files on disk,
    /// else recovered by scanning the directory.
    func currentState(station: String) throws -> State {
        if let data = FileManager.default.contents(atPath: statePath),
           let state = try? JSONDecoder().decode(State.self, from: data), state.station == station {
            let nextBase = directory + "/" + LedgerPosition.documentID(station: station, sequence: state.lastSequence + 1)
            if FileManager.default.fileExists(atPath: nextBase + ".p7s"), !FileManager.default.fileExists(atPath: nextBase + ".json") {
                try? FileManager.default.removeItem(atPath: nextBase + ".p7s")  // crash between the two renames
            }
            if state.lastSequence == 0 { return state }
            let lastPath = directory + "/" + LedgerPosition.documentID(station: station, sequence: state.lastSequence) + ".json"
            if let bytes = FileManager.default.contents(atPath: lastPath), SHA256Digest.hex(bytes) == state.lastSHA256,
               !FileManager.default.fileExists(atPath: directory + "/" + LedgerPosition.documentID(station: station, sequence: state.lastSequence + 1) + ".json") {
                return state
            }
        }
        return try scan(station: station)
    }

    /// Rebuilds the chain head from the documents present.
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
        guard let (seq, name) = best, let bytes = FileManager.default.contents(atPath: directory + "/" + name) else {
            return State(station: station, lastSequence: 0, lastSHA256: nil)
        }
        return State(station: station, lastSequence: seq, lastSHA256: SHA256Digest.hex(bytes))
    }

    func saveState(_ state: State) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write([UInt8](try encoder.encode(state)), to: statePath, mode: 0o600)
    }
}
