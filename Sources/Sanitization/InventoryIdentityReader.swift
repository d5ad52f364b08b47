import BlockIO
import Devices
import StorageModel

/// Re-reads a device's identity from the kernel (sysfs, through the inventory) and its size from
/// the open handle (`BLKGETSIZE64`), for the check at the end of a wipe.
public struct InventoryIdentityReader: IdentityReading {
    public let path: String
    public let inventory: DeviceInventory
    public let handle: ExclusiveBlockDevice?

    public init(path: String, inventory: DeviceInventory, handle: ExclusiveBlockDevice?) {
        self.path = path
        self.inventory = inventory
        self.handle = handle
    }

    public func currentIdentity() throws -> DeviceIdentity {
        var identity = try inventory.scan().device(named: path).identity
        if let handle {
            let size = try handle.currentSize()
            if size != identity.capacity { identity.capacity = size }
        }
        return identity
    }
}
