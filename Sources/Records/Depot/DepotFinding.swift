import StorageModel

/// Something the depot saw that a station's chain should not show.
public struct DepotFinding: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        /// Different bytes arrived under an ID already stored (a forked chain).
        case forkedChain = "forked-chain"
        /// A head lower than one already witnessed (the ledger's tail was deleted).
        case tailDeleted = "tail-deleted"
        /// A different hash at a witnessed sequence (the ledger was rewritten).
        case ledgerRewritten = "ledger-rewritten"
        /// A document whose `previous_sha256` does not match the stored predecessor.
        case chainMismatch = "chain-mismatch"
    }

    public var station: String
    public var kind: Kind
    /// The document or sequence concerned, when there is one.
    public var documentID: String?
    public var sequence: UInt64?
    /// Plain words for the auditor, no personal data.
    public var detail: String
    public var recordedAt: String

    public init(station: String, kind: Kind, documentID: String?, sequence: UInt64?, detail: String, recordedAt: String) {
        self.station = station
        self.kind = kind
        self.documentID = documentID
        self.sequence = sequence
        self.detail = detail
        self.recordedAt = recordedAt
    }
}
