import StorageModel

/// Where one bay of the station console is in its life:
///
///     empty → detected → identified → refused | awaiting asset → ready → running (pass i/n)
///           → verifying → certified (passed / failed / aborted / unverified) → removed
///
/// `unidentified` is the dead end of a drive whose identity could not be read: like `refused`, it
/// can never be started.
public enum BayState: Sendable, Hashable {
    /// No drive has been seen at this location yet.
    case empty
    /// A drive appeared; its identity is being read.
    case detected
    /// Identified and safe to wipe; the asset is being looked up from the drive's serial.
    case identified
    /// The drive could not be identified; never started.
    case unidentified(error: String)
    /// The drive may not be wiped (mounted, system disk, busy…); never started.
    case refused(reasons: [String])
    case awaitingAsset
    case ready
    case running(pass: Int, of: Int)
    case verifying
    case certified(WipeResult)
    /// The drive left the bay.
    case removed

    /// A short lowercase name, as the console and the JSON events show it.
    public var name: String {
        switch self {
        case .empty: "empty"
        case .detected: "detected"
        case .identified: "identified"
        case .unidentified: "unidentified"
        case .refused: "refused"
        case .awaitingAsset: "awaiting-asset"
        case .ready: "ready"
        case .running: "running"
        case .verifying: "verifying"
        case .certified(let r): r.rawValue
        case .removed: "removed"
        }
    }

    /// A wipe is under way (the drive is open and being written or read back).
    public var isActive: Bool {
        switch self {
        case .running, .verifying: true
        default: false
        }
    }

    /// Whether an asset tag may be entered now (a drive is present, idle and may be wiped).
    public var acceptsAsset: Bool {
        switch self {
        case .identified, .awaitingAsset, .ready: true
        case .certified: true
        default: false
        }
    }
}
