import Evidence
import StorageModel

/// How one device's attempt ended, with its certificate.
public struct DeviceWipeResult: Sendable {
    public var path: String
    public var outcome: WipeOutcome
    public var certificate: LedgerEntry?
    /// Set when the certificate could not be written (the outcome is still in the journal).
    public var certificateError: String?
    /// Set when the attempt never started (device held by another process, no space for the
    /// evidence): nothing was written, journalled or certified, and `outcome` only describes that.
    public var refusal: DeviceRefusal?

    public init(path: String, outcome: WipeOutcome, certificate: LedgerEntry? = nil, certificateError: String? = nil,
                refusal: DeviceRefusal? = nil) {
        self.refusal = refusal
        self.path = path
        self.outcome = outcome
        self.certificate = certificate
        self.certificateError = certificateError
    }
}
