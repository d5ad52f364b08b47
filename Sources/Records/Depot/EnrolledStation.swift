import StorageModel

/// A station known to the depot.
public struct EnrolledStation: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
        /// Enrollment created; the token has not been redeemed.
        case pending
        /// Certificate bound; documents signed with it are accepted.
        case active
        /// No longer accepted.
        case revoked
    }

    public var name: String
    public var state: State
    /// The pinned station certificate (PEM) and the SHA-256 of its DER, once enrolled.
    public var certificatePEM: String?
    public var certificateSHA256: String?
    public var createdAt: String
    public var enrolledAt: String?
    public var revokedAt: String?

    public init(name: String, state: State, certificatePEM: String?, certificateSHA256: String?, createdAt: String,
                enrolledAt: String?, revokedAt: String?) {
        self.name = name
        self.state = state
        self.certificatePEM = certificatePEM
        self.certificateSHA256 = certificateSHA256
        self.createdAt = createdAt
        self.enrolledAt = enrolledAt
        self.revokedAt = revokedAt
    }
}
