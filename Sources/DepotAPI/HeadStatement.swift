/// What a station signs to tell the depot its ledger head (`POST /api/v1/stations/{name}/head`):
/// the sequence and SHA-256 of its newest document. Encoded with the station's canonical JSON
/// and signed like every document (detached CMS, the station certificate the depot pinned).
public struct HeadStatement: Codable, Sendable, Hashable {
    public static let documentType = "ledger-head-statement"

    public var schemaVersion: Int
    public var documentType: String
    public var station: String
    /// 0 before the first document.
    public var sequence: UInt64
    /// SHA-256 of the head document's bytes; nil before the first document.
    public var sha256: String?
    public var signedAt: String

    public init(station: String, sequence: UInt64, sha256: String?, signedAt: String) {
        schemaVersion = 1
        documentType = Self.documentType
        self.station = station
        self.sequence = sequence
        self.sha256 = sha256
        self.signedAt = signedAt
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case documentType = "document_type"
        case station, sequence, sha256
        case signedAt = "signed_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(documentType, forKey: .documentType)
        try c.encode(station, forKey: .station)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(sha256, forKey: .sha256)  // null, not absent, before the first document
        try c.encode(signedAt, forKey: .signedAt)
    }
}

/// The body of a head push: the statement's bytes and their detached signature, base64.
public struct HeadUpload: Codable, Sendable, Hashable {
    public var statement: String
    public var signature: String

    public init(statement: [UInt8], signature: [UInt8]) {
        self.statement = Base64.encode(statement)
        self.signature = Base64.encode(signature)
    }
}

/// A finding as the API shows it.
public struct FindingBody: Codable, Sendable, Hashable {
    public var station: String
    /// `forked-chain`, `tail-deleted`, `ledger-rewritten` or `chain-mismatch`.
    public var kind: String
    public var documentID: String?
    public var sequence: UInt64?
    public var detail: String
    public var recordedAt: String

    public init(station: String, kind: String, documentID: String?, sequence: UInt64?, detail: String, recordedAt: String) {
        self.station = station
        self.kind = kind
        self.documentID = documentID
        self.sequence = sequence
        self.detail = detail
        self.recordedAt = recordedAt
    }

    enum CodingKeys: String, CodingKey {
        case station, kind
        case documentID = "document_id"
        case sequence, detail
        case recordedAt = "recorded_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(station, forKey: .station)
        try c.encode(kind, forKey: .kind)
        try c.encode(documentID, forKey: .documentID)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(detail, forKey: .detail)
        try c.encode(recordedAt, forKey: .recordedAt)
    }
}

/// The answer to a head push (200): the head the depot now witnesses for the station and the
/// findings this statement caused (empty when the chain is consistent).
public struct HeadReceipt: Codable, Sendable, Hashable {
    public var station: String
    /// The highest head the depot has witnessed for the station (not lowered by this statement).
    public var witnessedSequence: UInt64
    public var witnessedSHA256: String?
    public var findings: [FindingBody]

    public init(station: String, witnessedSequence: UInt64, witnessedSHA256: String?, findings: [FindingBody]) {
        self.station = station
        self.witnessedSequence = witnessedSequence
        self.witnessedSHA256 = witnessedSHA256
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case station
        case witnessedSequence = "witnessed_sequence"
        case witnessedSHA256 = "witnessed_sha256"
        case findings
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(station, forKey: .station)
        try c.encode(witnessedSequence, forKey: .witnessedSequence)
        try c.encode(witnessedSHA256, forKey: .witnessedSHA256)
        try c.encode(findings, forKey: .findings)
    }
}
