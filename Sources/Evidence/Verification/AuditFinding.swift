/// Something an auditor should look at across documents that are each valid: an asset disposed
/// of twice, a release on an override, an attempt after the disposal, one device under two assets.
public struct AuditFinding: Sendable, Hashable, Encodable {
    /// Stable kebab-case code: `double-disposal`, `release-without-passed-certificate`,
    /// `attempt-after-disposal`, `device-under-two-assets`.
    public var code: String
    public var message: String
    /// The documents concerned (IDs).
    public var documents: [String]

    public init(code: String, message: String, documents: [String]) {
        self.code = code
        self.message = message
        self.documents = documents
    }
}
