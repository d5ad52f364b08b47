import StorageModel

/// A signed document as the depot keeps it: the exact bytes the station signed, the detached
/// signature, and what the depot read from them when it verified them.
public struct ArchivedDocument: Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case wipeCertificate = "wipe-certificate"
        case disposalRecord = "disposal-record"
    }

    /// The certificate or disposal record ID.
    public var id: String
    public var kind: Kind
    public var station: String
    public var sequence: UInt64
    /// The predecessor's SHA-256 as the document states it (nil for a station's first document).
    public var previousSHA256: String?
    /// SHA-256 of `document`, lowercase hex.
    public var sha256: String
    public var document: [UInt8]
    public var signature: [UInt8]
    public var receivedAt: String

    public init(id: String, kind: Kind, station: String, sequence: UInt64, previousSHA256: String?, sha256: String,
                document: [UInt8], signature: [UInt8], receivedAt: String) {
        self.id = id
        self.kind = kind
        self.station = station
        self.sequence = sequence
        self.previousSHA256 = previousSHA256
        self.sha256 = sha256
        self.document = document
        self.signature = signature
        self.receivedAt = receivedAt
    }
}
