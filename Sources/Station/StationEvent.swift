import Evidence
import Sanitization
import StorageModel

/// What happens during a station run, in order for each device. Front ends render these; the
/// station itself never prints.
public enum StationEvent: Sendable {
    /// An earlier attempt that a dead process left in progress was certified as interrupted.
    case recovered(LedgerEntry)
    /// The device is about to be opened and journalled.
    case devicePrepared(PreparedWipe)
    /// The attempt could not start (device held by another process, no space for the evidence):
    /// nothing was written, journalled or certified.
    case refused(DeviceRefusal)
    /// A pass began writing (1-based).
    case passStarted(device: String, pass: Int, of: Int)
    /// At most once a second per device.
    case progress(ProgressSample)
    case verificationStarted(device: String)
    /// The job ended (whatever its result); the certificate comes next.
    case outcome(device: String, WipeOutcome)
    /// The drive's health before and after the attempt and its reuse grade (after `outcome`,
    /// before the certificate that records it).
    case health(device: String, HealthRecord)
    case certificateWritten(device: String, LedgerEntry)
    /// The certificate could not be signed or written; the attempt stays in the journal.
    case certificateFailed(device: String, message: String)
    /// The certificate is signed and stored but the record index was not updated.
    case indexFailed(device: String, certificateID: String, message: String)
}
