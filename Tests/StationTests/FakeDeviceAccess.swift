import BlockIO
import Devices
import Fakes
import Sanitization
import Station
import StorageModel
import Synchronization

/// Disks in memory, with a trace of what the station did to them, for Station tests.
final class FakeDeviceAccess: DeviceAccess, @unchecked Sendable {
    struct Disk {
        var descriptor: DeviceDescriptor
        var device: MemoryBlockDevice
        /// When set, the exclusive open fails with this errno.
        var openError: Errno?
        /// Where O_DIRECT reads come from (a loop device without direct I/O reads its file through the page cache).
        var readPath: ReadPath? = .direct
        /// What the open descriptor turns out to hold, when it is not the device listed (swapped
        /// between listing and opening): its device number and identity.
        var openedAs: OpenedIdentity?
        /// What the device is when reopened after its capacity changed (a Host Protected Area
        /// removed and the kernel rescanned); nil: the kernel keeps the old size.
        var afterCapacityChange: MemoryBlockDevice?
    }

    private let disks: Mutex<[String: Disk]>
    /// Called when a device is opened exclusively (before the journal is written).
    let onOpen: @Sendable (String) -> Void

    init(_ disks: [Disk], onOpen: @escaping @Sendable (String) -> Void = { _ in }) {
        self.disks = Mutex(Dictionary(uniqueKeysWithValues: disks.map { ($0.descriptor.path, $0) }))
        self.onOpen = onOpen
    }

    static func disk(_ path: String, mebibytes: UInt64 = 8, serial: String? = "SN-1", refusals: [Refusal] = [],
                     openError: Errno? = nil, faults: MemoryBlockDevice.Faults = MemoryBlockDevice.Faults(),
                     transport: Transport = .loop, media: MediaType = .virtual, readPath: ReadPath? = .direct) -> Disk {
        let size = ByteCount.mebibytes(mebibytes)
        let d = DeviceDescriptor(path: path, name: String(path.split(separator: "/").last ?? ""), major: 7, minor: 0,
                                 model: "Fake Disk", serial: serial, size: size, transport: transport, mediaType: media, refusals: refusals)
        return Disk(descriptor: d, device: MemoryBlockDevice(size: size, path: path, faults: faults), openError: openError, readPath: readPath)
    }

    /// A namespace of an NVMe controller: the controller's serial, the namespace's ID (as sysfs
    /// `nsid` gives it), the device that holds its blocks.
    static func namespace(_ path: String, device: MemoryBlockDevice, nsid: UInt32, serial: String = "CTRL-1") -> Disk {
        let d = DeviceDescriptor(path: path, name: String(path.split(separator: "/").last ?? ""), major: 259, minor: nsid,
                                 model: "Fake NVMe", serial: serial, size: device.size, transport: .nvme, mediaType: .nvme,
                                 nvmeNamespaceID: nsid)
        return Disk(descriptor: d, device: device)
    }

    func device(_ path: String) -> MemoryBlockDevice? { disks.withLock { $0[path]?.device } }

    func lookup(_ paths: [String]) throws -> [Result<DeviceDescriptor, DeviceLookupError>] {
        disks.withLock { disks in
            paths.map { path in
                if let d = disks[path] { return .success(d.descriptor) }
                return .failure(DeviceLookupError(path: path, problem: .doesNotExist))
            }
        }
    }

    func openExclusive(_ descriptor: DeviceDescriptor) throws -> any BlockDevice {
        onOpen(descriptor.path)
        guard let disk = disks.withLock({ $0[descriptor.path] }) else { throw BlockDeviceOpenError(path: descriptor.path, errno: .noSuchFile) }
        if let e = disk.openError { throw BlockDeviceOpenError(path: descriptor.path, errno: e) }
        return disk.device
    }

    /// As the real reader: the listing's identity with the size from the open handle.
    func identityReader(for descriptor: DeviceDescriptor, handle: any BlockDevice) -> any IdentityReading {
        var identity = descriptor.identity
        identity.capacity = handle.size
        return FakeIdentityReader(behaviour: .same(identity))
    }

    func setAfterCapacityChange(_ path: String, _ device: MemoryBlockDevice) { disks.withLock { $0[path]?.afterCapacityChange = device } }

    func reopenAfterCapacityChange(_ descriptor: DeviceDescriptor, closing handle: any BlockDevice) throws -> any BlockDevice {
        disks.withLock { disks in
            guard let next = disks[descriptor.path]?.afterCapacityChange else { return handle }
            disks[descriptor.path]?.device = next
            return next
        }
    }

    /// Sets what the path holds when opened (a swap between listing and opening).
    func swap(_ path: String, to opened: OpenedIdentity) { disks.withLock { $0[path]?.openedAs = opened } }

    func openedIdentity(_ handle: any BlockDevice, descriptor: DeviceDescriptor) throws -> OpenedIdentity {
        if let swapped = disks.withLock({ $0[descriptor.path]?.openedAs }) { return swapped }
        var identity = descriptor.identity
        identity.capacity = handle.size
        identity.logicalSectorSize = handle.logicalBlockSize
        return OpenedIdentity(major: descriptor.major, minor: descriptor.minor, identity: identity)
    }

    func readPath(for descriptor: DeviceDescriptor) -> ReadPath? {
        disks.withLock { $0[descriptor.path]?.readPath }
    }
}
