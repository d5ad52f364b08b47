import Evidence
import Foundation
import StorageModel

/// The depot a station joined (`expunge depot join`), kept in `$EXPUNGE_HOME/outbox/depot.json`:
/// where it is, how its TLS certificate is trusted, and what it pinned for this station. Its
/// presence is what makes the station queue documents for the depot.
public struct DepotLink: Codable, Sendable, Hashable {
    /// The depot's base URL (`https://depot.example:8443`).
    public var url: String
    public var station: String
    /// The file (in the outbox directory) holding the depot's certificate or its CA, PEM; nil to
    /// use the system's trust roots.
    public var trustFile: String?
    /// Plain HTTP to a host that is not loopback was explicitly allowed (`--allow-http`).
    public var allowHTTP: Bool
    /// SHA-256 of the station certificate the depot pinned.
    public var certificateSHA256: String
    public var joinedAt: String

    public init(url: String, station: String, trustFile: String?, allowHTTP: Bool, certificateSHA256: String, joinedAt: String) {
        self.url = url
        self.station = station
        self.trustFile = trustFile
        self.allowHTTP = allowHTTP
        self.certificateSHA256 = certificateSHA256
        self.joinedAt = joinedAt
    }

    enum CodingKeys: String, CodingKey {
        case url, station
        case trustFile = "trust_file"
        case allowHTTP = "allow_http"
        case certificateSHA256 = "certificate_sha256"
        case joinedAt = "joined_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(station, forKey: .station)
        try c.encode(trustFile, forKey: .trustFile)
        try c.encode(allowHTTP, forKey: .allowHTTP)
        try c.encode(certificateSHA256, forKey: .certificateSHA256)
        try c.encode(joinedAt, forKey: .joinedAt)
    }
}
