/// `POST /api/v1/enroll`: a station redeems its one-time token and has its certificate pinned.
public struct EnrollRequest: Codable, Sendable, Hashable {
    public var token: String
    /// The station certificate, PEM (the first certificate in it is pinned).
    public var certificatePEM: String

    public init(token: String, certificatePEM: String) {
        self.token = token
        self.certificatePEM = certificatePEM
    }

    enum CodingKeys: String, CodingKey {
        case token
        case certificatePEM = "certificate_pem"
    }
}

/// The answer to a redeemed enrollment.
public struct EnrollResponse: Codable, Sendable, Hashable {
    public var station: String
    /// SHA-256 of the pinned certificate's DER, lowercase hex.
    public var certificateSHA256: String
    public var enrolledAt: String

    public init(station: String, certificateSHA256: String, enrolledAt: String) {
        self.station = station
        self.certificateSHA256 = certificateSHA256
        self.enrolledAt = enrolledAt
    }

    enum CodingKeys: String, CodingKey {
        case station
        case certificateSHA256 = "certificate_sha256"
        case enrolledAt = "enrolled_at"
    }
}
