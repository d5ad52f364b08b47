/// Why a device may not be wiped. Raw values are the stable words used in `--json` output.
public enum RefusalReason: String, Codable, Sendable, CaseIterable {
    /// The device or one of its partitions is mounted.
    case mounted
    /// A device-mapper, md or LVM device sits on top of it (sysfs `holders/`).
    case held
    /// The device or one of its partitions is active swap.
    case swap
    /// It backs the running system's own filesystems (`/`, `/boot`, `/usr`, …).
    case systemDisk = "system-disk"
    /// The kernel has it read-only (write-protect switch, `blockdev --setro`).
    case readOnly = "read-only"
    /// Something else has it open exclusively (the exclusive open failed with EBUSY).
    case busy
    /// A logical device (device-mapper, md): sanitize the physical disks underneath instead.
    case logicalVolume = "logical-volume"
    /// A RAM-backed device (ram, zram): no persistent medium to sanitize.
    case memoryDevice = "memory-device"
    /// The device has no medium or zero size (an unattached loop device, an empty card reader).
    case empty
    /// The medium the running live system booted from (the Expunge USB stick), as its init
    /// recorded in `/run/expunge/boot-medium`: never wiped, whatever else is true of it.
    case bootMedium = "boot-medium"
}

/// One reason a device is refused, with the detail that explains it and the remedy.
public struct Refusal: Codable, Hashable, Sendable {
    public var reason: RefusalReason
    public var detail: String
    public var remedy: String

    public init(_ reason: RefusalReason, detail: String, remedy: String) {
        self.reason = reason
        self.detail = detail
        self.remedy = remedy
    }
}

/// Where a fact about a device came from.
public enum FactSource: String, Codable, Sendable {
    /// udev's database (`ID_*` properties), populated by udevd.
    case udev
    /// A sysfs attribute read directly.
    case sysfs
    /// The kernel through an ioctl on the device node.
    case ioctl
}
