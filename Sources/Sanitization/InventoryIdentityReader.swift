import BlockIO
import Devices
import StorageModel

/// Re-reads a device's identity from the kernel (sysfs, through the inventory) and its size from
/// the open handle (`BLKGETSIZE64`), for the check at the end of a wipe.
public struct InventoryIdentityReader: IdentityReading {
    public let path: String
    /// The kernel name (`sdb`, `loop3`): the one device read, not every disk.
    public let name: String
    public let inventory: DeviceInventory
    public let handle: ExclusiveBlockDevice?

    public init(path: String, name: String, inventory: DeviceInventory, handle: ExclusiveBlockDevice?) {
        self.path = path
        self.name = name
        self.inventory = inventory
        self.handle = handle
    }

    public func currentIdentity() throws -> DeviceIdentity {
        guard let now = try inventory.currentDescriptor(named: name) else {
            throw DeviceLookupError(path: path, problem: .doesNotExist)
        }
        var identity = now.identity
        if let handle {
            let size = try handle.currentSize()
            if size != identity.capacity { identity.capacity = size }
        }
        return identity
    }
}
