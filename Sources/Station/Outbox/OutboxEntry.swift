import Foundation
import StorageModel

/// A document waiting in the outbox (`outbox/pending/<id>.json`): which ledger document, and
/// the SHA-256 it had when it was queued (a document whose bytes changed since is not pushed
/// as if it were the one signed; the depot decides what the new bytes are worth).
public struct OutboxEntry: Codable, Sendable, Hashable {
    public var documentID: String
    public var sequence: UInt64
    public var sha256: String
    public var queuedAt: String

    public init(documentID: String, sequence: UInt64, sha256: String, queuedAt: String) {
        self.documentID = documentID
        self.sequence = sequence
        self.sha256 = sha256
        self.queuedAt = queuedAt
    }

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id", sequence, sha256
        case queuedAt = "queued_at"
    }
}

/// A document the depot refused for good (`outbox/rejected/<id>.json`), with its answer.
public struct RejectedEntry: Codable, Sendable, Hashable {
    public var entry: OutboxEntry
    public var code: String
    public var message: String
    public var rejectedAt: String

    public init(entry: OutboxEntry, code: String, message: String, rejectedAt: String) {
        self.entry = entry
        self.code = code
        self.message = message
        self.rejectedAt = rejectedAt
    }

    enum CodingKeys: String, CodingKey {
        case entry, code, message
        case rejectedAt = "rejected_at"
    }
}
