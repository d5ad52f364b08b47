import Devices
import StorageModel

/// One bay of the station console: a physical location (udev `ID_PATH`, else the sysfs device
/// path) and what is in it now. A bay keeps its number for the whole session, whatever comes
/// and goes.
public struct Bay: Sendable, Hashable {
    /// 1-based, in order of first appearance.
    public let number: Int
    public let location: String
    /// The device node last seen at this location.
    public var path: String
    /// Identity and refusals, once identified.
    public var device: DeviceDescriptor?
    public var state: BayState
    public var asset: BayAsset?
    /// The profile the next wipe of this bay uses.
    public var profile: String
    public var progress: BayProgress?
    /// The last attempt's certificate, when one was written.
    public var certificateID: String?
    /// The reuse grade of the drive after its last attempt (nil: not graded yet, or nothing to
    /// grade on: see `healthNote`).
    public var health: HealthGrade?
    /// Why the last attempt's drive was not graded (no health data, a failed reading).
    public var healthNote: String?
    /// The last attempt's failure reasons (`device-removed`, `verification-mismatch`…).
    public var reasons: [FailureReason]
    /// The latest thing the operator should read about this bay (a refused tag, a failed
    /// lookup, a certificate that could not be written).
    public var message: String?
    /// The drive is attached now.
    public var isPresent: Bool
    /// The drive left while its wipe ran: the attempt is being stopped and certified `aborted`.
    public var removedDuringRun: Bool

    public init(number: Int, location: String, path: String, profile: String) {
        self.number = number
        self.location = location
        self.path = path
        self.profile = profile
        state = .detected
        reasons = []
        isPresent = true
        removedDuringRun = false
    }

    /// The last attempt's result, if it has ended.
    public var result: WipeResult? {
        if case .certified(let r) = state { return r }
        return lastResult
    }

    /// The result shown after the drive left the bay.
    public var lastResult: WipeResult?
}
