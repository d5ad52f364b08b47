import StorageModel

/// What a disposal record states, for the cross-document audit (the record type lives in
/// `Records`; the audit runs here, on these facts).
public struct DisposalFacts: Sendable, Hashable {
    /// A wipe certificate the record names, as it names it.
    public struct CertificateClaim: Sendable, Hashable {
        public var certificateID: String
        public var sha256: String
        public var result: WipeResult

        public init(certificateID: String, sha256: String, result: WipeResult) {
            self.certificateID = certificateID
            self.sha256 = sha256
            self.result = result
        }
    }

    public var route: String
    /// The route puts the device back into use by someone (reuse/redeploy, resale, donation,
    /// preparation for reuse).
    public var releasesForReuse: Bool
    public var overrideReason: String?
    public var mediaDestroyedReference: String?
    public var disposedOn: String
    /// The record this one replaces (`supersedes`), if any.
    public var supersedes: String?
    public var certificates: [CertificateClaim]

    public init(route: String, releasesForReuse: Bool, overrideReason: String?, mediaDestroyedReference: String?, disposedOn: String,
                supersedes: String?, certificates: [CertificateClaim]) {
        self.route = route
        self.releasesForReuse = releasesForReuse
        self.overrideReason = overrideReason
        self.mediaDestroyedReference = mediaDestroyedReference
        self.disposedOn = disposedOn
        self.supersedes = supersedes
        self.certificates = certificates
    }
}
