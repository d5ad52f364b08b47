import Foundation
import StorageModel

/// What the outbox knows about its depot (`outbox/state.json`): how far the ledger is settled
/// (every document up to `settledThrough` was acknowledged or refused for good), the head the
/// depot last acknowledged, and the last push and error.
public struct OutboxState: Codable, Sendable, Hashable {
    public struct Head: Codable, Sendable, Hashable {
        public var sequence: UInt64
        public var sha256: String?
        public var at: String

        public init(sequence: UInt64, sha256: String?, at: String) {
            self.sequence = sequence
            self.sha256 = sha256
            self.at = at
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sequence, forKey: .sequence)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(at, forKey: .at)
        }
    }

    public struct LastError: Codable, Sendable, Hashable {
        public var code: String
        public var message: String
        public var at: String

        public init(code: String, message: String, at: String) {
            self.code = code
            self.message = message
            self.at = at
        }
    }

    public var settledThrough: UInt64 = 0
    public var acknowledgedHead: Head?
    public var lastPushAt: String?
    public var lastError: LastError?
    /// Findings the depot reported when it witnessed this station's head, as `kind: detail`.
    public var findings: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case settledThrough = "settled_through"
        case acknowledgedHead = "acknowledged_head"
        case lastPushAt = "last_push_at"
        case lastError = "last_error"
        case findings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        settledThrough = try c.decodeIfPresent(UInt64.self, forKey: .settledThrough) ?? 0
        acknowledgedHead = try c.decodeIfPresent(Head.self, forKey: .acknowledgedHead)
        lastPushAt = try c.decodeIfPresent(String.self, forKey: .lastPushAt)
        lastError = try c.decodeIfPresent(LastError.self, forKey: .lastError)
        findings = try c.decodeIfPresent([String].self, forKey: .findings) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(settledThrough, forKey: .settledThrough)
        try c.encode(acknowledgedHead, forKey: .acknowledgedHead)
        try c.encode(lastPushAt, forKey: .lastPushAt)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(findings, forKey: .findings)
    }
}
