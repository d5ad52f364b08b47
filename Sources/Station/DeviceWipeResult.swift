import Evidence
import StorageModel

/// How one device's attempt ended, with its certificate.
public struct DeviceWipeResult: Sendable {
    public var path: String
    public var outcome: WipeOutcome
    public var certificate: LedgerEntry?
    /// Set when the certificate could not be written (the outcome is still in the journal).
    public var certificateError: String?

    public init(path: String, outcome: WipeOutcome, certificate: LedgerEntry? = nil, certificateError: String? = nil) {
        self.path = path
        self.outcome = outcome
        self.certificate = certificate
        self.certificateError = certificateError
    }
}
