import BlockIO
import Foundation
import Devices
import Sanitization
import StorageModel

/// The station's seam to the machine's disks: find the devices named, open one exclusively, and
/// re-read its identity through the open handle. Tests supply in-memory devices.
public protocol DeviceAccess: Sendable {
    /// The current descriptor of each named path, or why it names no usable disk. Throws only
    /// when the devices cannot be enumerated at all.
    func lookup(_ paths: [String]) throws -> [Result<DeviceDescriptor, DeviceLookupError>]
    /// Opens the device for sanitization: `O_RDWR | O_DIRECT | O_EXCL`.
    func openExclusive(_ descriptor: DeviceDescriptor) throws -> any BlockDevice
    /// Reads the device's identity as it is now, through the open handle where it can.
    func identityReader(for descriptor: DeviceDescriptor, handle: any BlockDevice) -> any IdentityReading
    /// The device the open handle holds, read through it before the first write: device number
    /// from `fstat` on the descriptor, identity of that device number, size from the descriptor.
    /// Throws when it cannot be read (then nothing is written).
    func openedIdentity(_ handle: any BlockDevice, descriptor: DeviceDescriptor) throws -> OpenedIdentity
    /// Where `O_DIRECT` reads of the device come from now: a loop device whose backing file is read
    /// through the page cache (`loop/dio` 0) is not read directly. nil when not known.
    func readPath(for descriptor: DeviceDescriptor) -> ReadPath?
    /// After the drive's capacity changed (a Host Protected Area removed): closes `handle`, asks
    /// the kernel to re-read the device's capacity, and opens it exclusively again.
    func reopenAfterCapacityChange(_ descriptor: DeviceDescriptor, closing handle: any BlockDevice) throws -> any BlockDevice
}

extension DeviceAccess {
    /// Without a way to make the kernel re-read the capacity, the handle stays as it is (and a
    /// restored hidden area is found still out of reach).
    public func reopenAfterCapacityChange(_ descriptor: DeviceDescriptor, closing handle: any BlockDevice) throws -> any BlockDevice { handle }

    /// Not known unless the conformer says: a certificate then records `read_path: null`.
    public func readPath(for descriptor: DeviceDescriptor) -> ReadPath? { nil }
}

/// The real disks, through the device inventory (libudev or sysfs) and exclusive opens.
public struct SystemDeviceAccess: DeviceAccess {
    public let inventory: DeviceInventory

    public init(inventory: DeviceInventory) { self.inventory = inventory }

    public func lookup(_ paths: [String]) throws -> [Result<DeviceDescriptor, DeviceLookupError>] {
        let snapshot = try inventory.scan()
        return paths.map { path in Result { () throws(DeviceLookupError) in try snapshot.device(named: path) } }
    }

    public func openExclusive(_ descriptor: DeviceDescriptor) throws -> any BlockDevice {
        try ExclusiveBlockDevice(path: descriptor.path)
    }

    public func identityReader(for descriptor: DeviceDescriptor, handle: any BlockDevice) -> any IdentityReading {
        InventoryIdentityReader(path: descriptor.path, name: descriptor.name, inventory: inventory.withoutExclusivityProbe,
                                handle: handle as? ExclusiveBlockDevice)
    }

    public func openedIdentity(_ handle: any BlockDevice, descriptor: DeviceDescriptor) throws -> OpenedIdentity {
        guard let handle = handle as? ExclusiveBlockDevice else {
            throw ExpungeError(.failed, code: "identity-changed", "\(descriptor.path): the open handle is not a block device descriptor")
        }
        let (major, minor) = try handle.currentDeviceNumber()
        // The kernel name the plan was made for must still carry the device number the open
        // descriptor holds; then that one device's identity is read (not every disk's).
        guard let now = try inventory.currentDescriptor(named: descriptor.name), now.major == major, now.minor == minor else {
            throw ExpungeError(.failed, code: "identity-changed", "\(descriptor.path): the open device (\(major):\(minor)) is no longer the whole disk \(descriptor.name)",
                               remedy: "the device changed; list devices again")
        }
        var identity = now.identity
        identity.capacity = try handle.currentSize()
        identity.logicalSectorSize = handle.logicalBlockSize
        return OpenedIdentity(major: major, minor: minor, identity: identity)
    }

    /// Closes the handle, writes `1` to the disk's sysfs `device/rescan` (the SCSI layer re-reads the
    /// capacity; whether libata re-reads IDENTIFY depends on the kernel — the size found after the
    /// reopen decides), and opens the device again.
    public func reopenAfterCapacityChange(_ descriptor: DeviceDescriptor, closing handle: any BlockDevice) throws -> any BlockDevice {
        (handle as? ExclusiveBlockDevice)?.close()
        let rescan = inventory.sysfs.absolute("block/\(descriptor.name)/device/rescan")
        if let f = FileHandle(forWritingAtPath: rescan) {
            try? f.write(contentsOf: Data("1".utf8))
            try? f.close()
        }
        return try openExclusive(descriptor)
    }

    /// Loop devices: sysfs `loop/dio` (1: the backing file is read with direct I/O too). A loop
    /// device without the attribute (kernels before 4.4) reads through the page cache.
    public func readPath(for descriptor: DeviceDescriptor) -> ReadPath? {
        guard descriptor.transport == .loop else { return .direct }
        return inventory.sysfs.flag("block/\(descriptor.name)/loop/dio") == true ? .direct : .pageCacheBackedLoop
    }
}
