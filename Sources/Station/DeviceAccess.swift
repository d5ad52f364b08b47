import BlockIO
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
        InventoryIdentityReader(path: descriptor.path, inventory: inventory.withoutExclusivityProbe, handle: handle as? ExclusiveBlockDevice)
    }
}
