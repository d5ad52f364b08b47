import Devices
import StorageModel

/// The device an exclusive open actually reached, read through the open descriptor: its device
/// number (`fstat`, `st_rdev`), and its identity as the kernel knows that device number now, with
/// the size and logical block size from the descriptor (`BLKGETSIZE64`, `BLKSSZGET`).
public struct OpenedIdentity: Sendable, Hashable {
    public var major: UInt32
    public var minor: UInt32
    public var identity: DeviceIdentity

    public init(major: UInt32, minor: UInt32, identity: DeviceIdentity) {
        self.major = major
        self.minor = minor
        self.identity = identity
    }
}

/// The check between the exclusive open and the first write: the device opened must be the one
/// planned and shown to the operator for confirmation. Any difference and nothing is written.
enum IdentityConfirmation {
    /// Every difference between the device opened and the device planned (whose identity the
    /// confirmation showed), in words; empty when they are the same. The device number and the
    /// path always count; so do serial, WWN, model, size, logical block size, loop backing file
    /// and NVMe namespace (`DeviceIdentity.differences`). A weak identity (no serial, no WWN) is
    /// confirmed by size, path and device number alone.
    static func differences(planned: DeviceIdentity, confirmed: DeviceDescriptor, opened: OpenedIdentity) -> [String] {
        var out: [String] = []
        if (opened.major, opened.minor) != (confirmed.major, confirmed.minor) {
            out.append("device number: \(confirmed.major):\(confirmed.minor) → \(opened.major):\(opened.minor)")
        }
        if opened.identity.path != planned.path { out.append("path: \(planned.path) → \(opened.identity.path)") }
        out += planned.differences(from: opened.identity)
        return out
    }
}
