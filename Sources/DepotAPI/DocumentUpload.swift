/// `POST /api/v1/documents`: one signed document (a wipe certificate or a disposal record) and
/// its detached CMS signature, each base64 (RFC 4648, with padding).
public struct DocumentUpload: Codable, Sendable, Hashable {
    public var document: String
    public var signature: String

    public init(document: String, signature: String) {
        self.document = document
        self.signature = signature
    }

    public init(document: [UInt8], signature: [UInt8]) {
        self.document = Base64.encode(document)
        self.signature = Base64.encode(signature)
    }
}

/// A run of sequences the depot does not hold, inclusive.
public struct SequenceRange: Codable, Sendable, Hashable {
    public var from: UInt64
    public var to: UInt64

    public init(from: UInt64, to: UInt64) {
        self.from = from
        self.to = to
    }

    /// A run as the archive reports it (`DepotArchive.missingSequences`).
    public init(_ range: ClosedRange<UInt64>) {
        self.init(from: range.lowerBound, to: range.upperBound)
    }
}

/// The answer to an accepted document (200).
public struct DocumentReceipt: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, Hashable {
        /// Verified and archived now.
        case stored
        /// The depot already holds these exact bytes (a re-sent document): nothing changed.
        case alreadyStored = "already-stored"
    }

    /// How the document joins the station's chain at the depot.
    public enum Chain: String, Codable, Sendable, Hashable {
        /// The station's first document (`previous_sha256` is null).
        case first
        /// Its `previous_sha256` matches the predecessor the depot holds.
        case linked
        /// The depot does not hold the predecessor yet: accepted, the gap is listed until filled.
        case gap
    }

    public var status: Status
    public var documentID: String
    public var documentType: String
    public var station: String
    public var sequence: UInt64
    public var sha256: String
    public var chain: Chain
    /// The sequences of this station the depot does not hold, below its highest.
    public var missing: [SequenceRange]

    public init(status: Status, documentID: String, documentType: String, station: String, sequence: UInt64, sha256: String,
                chain: Chain, missing: [SequenceRange]) {
        self.status = status
        self.documentID = documentID
        self.documentType = documentType
        self.station = station
        self.sequence = sequence
        self.sha256 = sha256
        self.chain = chain
        self.missing = missing
    }

    enum CodingKeys: String, CodingKey {
        case status
        case documentID = "document_id"
        case documentType = "document_type"
        case station, sequence, sha256, chain, missing
    }
}
