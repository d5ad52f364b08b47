import StorageModel

/// The recorded head of a station's ledger (`state.json`): the last document appended, by
/// sequence and SHA-256. It is authoritative: the next document continues after it even when
/// the files after some point were removed, so the gap stays visible; `expunge verify` reports
/// documents missing at the end against it.
public struct LedgerHead: Codable, Sendable, Hashable {
    public var station: String
    /// 0 before the first document.
    public var sequence: UInt64
    /// SHA-256 (hex) of the head document's bytes; nil before the first document.
    @NullCoded public var sha256: String?
    /// When the head had to be rebuilt from the documents (state.json lost or unreadable).
    @NullCoded public var rebuiltAt: String?
    /// Why it was rebuilt.
    @NullCoded public var rebuildReason: String?

    public init(station: String, sequence: UInt64, sha256: String?, rebuiltAt: String? = nil, rebuildReason: String? = nil) {
        self.station = station
        self.sequence = sequence
        self.sha256 = sha256
        self.rebuiltAt = rebuiltAt
        self.rebuildReason = rebuildReason
    }

    /// `<station>-<sequence>` of the head document; nil before the first document.
    public var documentID: String? { sequence == 0 ? nil : LedgerPosition.documentID(station: station, sequence: sequence) }

    enum CodingKeys: String, CodingKey {
        case station, sequence, sha256
        case rebuiltAt = "rebuilt_at"
        case rebuildReason = "rebuild_reason"
        case documentID = "document_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        station = try c.decode(String.self, forKey: .station)
        sequence = try c.decode(UInt64.self, forKey: .sequence)
        _sha256 = try c.decode(NullCoded<String>.self, forKey: .sha256)
        _rebuiltAt = try c.decode(NullCoded<String>.self, forKey: .rebuiltAt)
        _rebuildReason = try c.decode(NullCoded<String>.self, forKey: .rebuildReason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(station, forKey: .station)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(_sha256, forKey: .sha256)
        try c.encode(documentID, forKey: .documentID)
        try c.encode(_rebuiltAt, forKey: .rebuiltAt)
        try c.encode(_rebuildReason, forKey: .rebuildReason)
    }
}
