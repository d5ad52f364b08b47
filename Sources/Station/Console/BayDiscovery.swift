import BlockIO
import Devices
import StorageModel

/// A whole disk attached now, at its physical location.
public struct DiscoveredDrive: Sendable, Hashable {
    public var location: String
    public var path: String
    public var descriptor: DeviceDescriptor

    public init(location: String, path: String, descriptor: DeviceDescriptor) {
        self.location = location
        self.path = path
        self.descriptor = descriptor
    }
}

/// Why a drive could not be identified (it stays on its bay, `unidentified`).
public struct BayIdentificationError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// The station console's seam to the machine's drives: what is attached (cheap; called on every
/// hot-plug event and by the periodic rescan) and the identification of one new drive (which may
/// open it briefly). Tests supply fakes.
public protocol BayDiscovery: Sendable {
    func scan() throws -> [DiscoveredDrive]
    func identify(_ drive: DiscoveredDrive) -> Result<DeviceDescriptor, BayIdentificationError>
    /// A summary of what is attached that costs a few small reads (kernel names and sizes, the
    /// mount and swap tables), for the once-a-second safety net: when it has not changed since
    /// the last scan, that scan still stands. nil when there is no cheaper way than `scan()`.
    func presence() -> String?
}

extension BayDiscovery {
    public func presence() -> String? { nil }
}

/// The real drives: the inventory without the exclusivity probe for scans (a scan must never
/// collide with a wipe opening its drive), the probe once per identification.
public struct SystemBayDiscovery: BayDiscovery {
    public let inventory: DeviceInventory
    public let probe: any ExclusivityProbing
    /// When udevd runs, drives it has not processed yet are left for the next scan, so that a
    /// drive's location is always udev's `ID_PATH` (rows never move).
    public let waitForUdev: Bool

    public init(inventory: DeviceInventory, probe: any ExclusivityProbing = ExclusiveOpenProbe(), waitForUdev: Bool) {
        self.inventory = inventory.withoutExclusivityProbe
        self.probe = probe
        self.waitForUdev = waitForUdev
    }

    /// A loop device detached while open (`losetup -d` on a busy device sets `autoclear`, and the
    /// kernel removes it at the last close) has left its bay, like a pulled drive.
    public func scan() throws -> [DiscoveredDrive] {
        try inventory.scan().listed(all: false).compactMap { d in
            if waitForUdev && !d.udevInitialized && d.transport != .loop { return nil }
            if d.transport == .loop && inventory.sysfs.flag("block/\(d.name)/loop/autoclear") == true { return nil }
            return DiscoveredDrive(location: d.location ?? "/sys/block/\(d.name)", path: d.path, descriptor: d)
        }
    }

    /// `/sys/block` (each disk's name and size; a loop device's `autoclear`), `/proc/self/mountinfo`
    /// and `/proc/swaps`: what appears, leaves, is resized, mounted, unmounted or swapped on
    /// changes it. Partition tables and holders change with uevents, which always scan.
    public func presence() -> String? {
        let sysfs = inventory.sysfs
        var text = ""
        for name in sysfs.entries("block") {
            text += name + " " + (sysfs.attribute("block/\(name)/size") ?? "-")
            if name.hasPrefix("loop") { text += " " + (sysfs.attribute("block/\(name)/loop/autoclear") ?? "-") }
            text += "\n"
        }
        for table in [inventory.mountinfoPath, inventory.swapsPath] {
            text += (try? SystemCall.readText(path: table)) ?? "(unreadable)"
        }
        return text
    }

    /// Physical drives must report a serial number: a certificate has to name the medium.
    public func identify(_ drive: DiscoveredDrive) -> Result<DeviceDescriptor, BayIdentificationError> {
        var d = drive.descriptor
        let physical: Set<Transport> = [.sata, .ata, .nvme, .scsi, .sas, .usb, .mmc]
        if physical.contains(d.transport) && d.serial == nil && d.wwn == nil {
            return .failure(BayIdentificationError("the drive reports no serial number or WWN, so a certificate could not name it"))
        }
        if d.isWipeable, probe.isBusy(path: d.path) == true {
            d.busy = true
            d.refusals.append(Refusal(.busy, detail: "another program holds it open exclusively",
                                      remedy: "close the program using it (see `fuser -v \(d.path)`) and retry"))
        }
        return .success(d)
    }
}
