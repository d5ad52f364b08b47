import BlockIO
import Foundation
import Glibc
import StorageModel

/// `ledger/events.log`: an append-only JSON-lines record of what happened to the ledger itself
/// (today: the head rebuilt from the documents because `state.json` was lost). Each line is
/// written with `O_APPEND` and fsync'd; it is not signed, it is the station's own account.
public struct LedgerEvents: Sendable {
    public struct Event: Codable, Sendable, Hashable {
        public var at: String
        public var event: String
        public var station: String
        public var sequence: UInt64
        @NullCoded public var sha256: String?
        public var reason: String
    }

    public let path: String

    public init(directory: String) { path = directory + "/events.log" }

    /// Appends one event (best effort is not enough: a failure is thrown).
    func append(_ event: Event) throws(ExpungeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(event) else { return }
        try DurableLog(path: path).append([UInt8](data) + [0x0A], what: "the ledger event log")
    }

    /// Every event recorded, oldest first (unreadable lines are skipped).
    public func all() -> [Event] {
        guard case .success(let bytes) = BoundedFile.read(path, limit: 64 << 20) else { return [] }
        return bytes.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(Event.self, from: Data($0)) }
    }
}
