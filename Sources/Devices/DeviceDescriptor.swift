import StorageModel

/// A partition of a disk.
public struct PartitionDescriptor: Hashable, Sendable, Encodable {
    public var name: String
    public var path: String
    public var major: UInt32
    public var minor: UInt32
    public var size: ByteCount
    @NullCoded public var start: ByteCount?
    public var mountPoints: [String]
    public var holders: [String]
    public var isSwap: Bool

    enum CodingKeys: String, CodingKey {
        case name, path, major, minor, start
        case size = "size_bytes"
        case mountPoints = "mountpoints"
        case holders
        case isSwap = "swap"
    }
}

/// Everything Expunge knows about one whole-disk block device: identity, geometry, attachment,
/// what is on it, and why it may not be wiped. Unknown facts are nil (null in JSON), never guessed.
public struct DeviceDescriptor: Hashable, Sendable, Encodable {
    public var path: String
    public var name: String
    public var major: UInt32
    public var minor: UInt32
    public var model: String?
    public var vendor: String?
    public var serial: String?
    public var wwn: String?
    public var firmware: String?
    public var size: ByteCount
    public var logicalSectorSize: ByteCount
    public var physicalSectorSize: ByteCount
    public var rotational: Bool?
    public var removable: Bool?
    public var readOnly: Bool
    public var transport: Transport
    public var mediaType: MediaType
    public var partitions: [PartitionDescriptor]
    public var loopBackingFile: String?
    /// NVMe: the namespace ID (sysfs `nsid`) and the namespace identifiers (sysfs `nguid`, `eui`).
    public var nvmeNamespaceID: UInt32?
    public var nvmeNGUID: String?
    public var nvmeEUI64: String?
    public var mountPoints: [String]
    public var holders: [String]
    /// nil when the exclusive-open probe could not run (not root, or not attempted).
    public var busy: Bool?
    public var refusals: [Refusal]
    public var sources: [String: FactSource]
    /// Where the drive is attached, stable across re-plugging into the same port: udev's
    /// `ID_PATH`, else the sysfs device path. Not part of the `devices --json` document.
    public var location: String?
    /// Whether udevd had processed the device when it was described.
    public var udevInitialized = false

    public init(path: String, name: String, major: UInt32, minor: UInt32, model: String? = nil, vendor: String? = nil,
                serial: String? = nil, wwn: String? = nil, firmware: String? = nil, size: ByteCount,
                logicalSectorSize: ByteCount = ByteCount(512), physicalSectorSize: ByteCount = ByteCount(512),
                rotational: Bool? = nil, removable: Bool? = nil, readOnly: Bool = false, transport: Transport, mediaType: MediaType,
                partitions: [PartitionDescriptor] = [], loopBackingFile: String? = nil, mountPoints: [String] = [], holders: [String] = [],
                busy: Bool? = nil, refusals: [Refusal] = [], sources: [String: FactSource] = [:],
                nvmeNamespaceID: UInt32? = nil, nvmeNGUID: String? = nil, nvmeEUI64: String? = nil) {
        self.nvmeNamespaceID = nvmeNamespaceID
        self.nvmeNGUID = nvmeNGUID
        self.nvmeEUI64 = nvmeEUI64
        self.path = path
        self.name = name
        self.major = major
        self.minor = minor
        self.model = model
        self.vendor = vendor
        self.serial = serial
        self.wwn = wwn
        self.firmware = firmware
        self.size = size
        self.logicalSectorSize = logicalSectorSize
        self.physicalSectorSize = physicalSectorSize
        self.rotational = rotational
        self.removable = removable
        self.readOnly = readOnly
        self.transport = transport
        self.mediaType = mediaType
        self.partitions = partitions
        self.loopBackingFile = loopBackingFile
        self.mountPoints = mountPoints
        self.holders = holders
        self.busy = busy
        self.refusals = refusals
        self.sources = sources
    }

    /// Whether Expunge will wipe this device.
    public var isWipeable: Bool { refusals.isEmpty }

    /// Hidden from the default listing: zero-size devices and RAM disks (`--all` shows them).
    public var isHiddenByDefault: Bool {
        size == .zero || transport == .ram || transport == .zram
    }

    /// The identity a wipe records at its start and checks at its end.
    public var identity: DeviceIdentity {
        DeviceIdentity(path: path, model: model, vendor: vendor, serial: serial, wwn: wwn, firmware: firmware,
                       transport: transport, mediaType: mediaType, capacity: size,
                       logicalSectorSize: logicalSectorSize, physicalSectorSize: physicalSectorSize,
                       loopBackingFile: loopBackingFile, nvmeNamespaceID: nvmeNamespaceID, nvmeNGUID: nvmeNGUID, nvmeEUI64: nvmeEUI64)
    }

    enum CodingKeys: String, CodingKey {
        case path, name, major, minor, model, vendor, serial, wwn, firmware
        case size = "size_bytes"
        case logicalSectorSize = "logical_sector_bytes"
        case physicalSectorSize = "physical_sector_bytes"
        case rotational, removable
        case readOnly = "read_only"
        case transport
        case mediaType = "media_type"
        case partitions
        case loopBackingFile = "loop_backing_file"
        case nvmeNamespaceID = "nvme_namespace_id", nvmeNGUID = "nvme_nguid", nvmeEUI64 = "nvme_eui64"
        case mountPoints = "mountpoints"
        case holders, busy
        case wipeable, refusals, sources
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(name, forKey: .name)
        try c.encode(major, forKey: .major)
        try c.encode(minor, forKey: .minor)
        try c.encode(model, forKey: .model)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(serial, forKey: .serial)
        try c.encode(wwn, forKey: .wwn)
        try c.encode(firmware, forKey: .firmware)
        try c.encode(size, forKey: .size)
        try c.encode(logicalSectorSize, forKey: .logicalSectorSize)
        try c.encode(physicalSectorSize, forKey: .physicalSectorSize)
        try c.encode(rotational, forKey: .rotational)
        try c.encode(removable, forKey: .removable)
        try c.encode(readOnly, forKey: .readOnly)
        try c.encode(transport, forKey: .transport)
        try c.encode(mediaType, forKey: .mediaType)
        try c.encode(partitions, forKey: .partitions)
        try c.encode(loopBackingFile, forKey: .loopBackingFile)
        try c.encode(nvmeNamespaceID, forKey: .nvmeNamespaceID)
        try c.encode(nvmeNGUID, forKey: .nvmeNGUID)
        try c.encode(nvmeEUI64, forKey: .nvmeEUI64)
        try c.encode(mountPoints, forKey: .mountPoints)
        try c.encode(holders, forKey: .holders)
        try c.encode(busy, forKey: .busy)
        try c.encode(isWipeable, forKey: .wipeable)
        try c.encode(refusals, forKey: .refusals)
        try c.encode(sources, forKey: .sources)
    }
}
