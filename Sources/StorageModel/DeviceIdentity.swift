/// What identifies a storage device: read at the start of a wipe, read again at the end, and
/// compared. A wipe is certified only when both readings agree.
public struct DeviceIdentity: Hashable, Sendable, Codable {
    public var path: String
    public var model: String?
    public var vendor: String?
    public var serial: String?
    public var wwn: String?
    public var firmware: String?
    public var transport: Transport
    public var mediaType: MediaType
    public var capacity: ByteCount
    public var logicalSectorSize: ByteCount
    public var physicalSectorSize: ByteCount
    /// For loop devices: the backing file, which is the identity of the medium.
    public var loopBackingFile: String?

    public init(path: String, model: String?, vendor: String?, serial: String?, wwn: String?, firmware: String?,
                transport: Transport, mediaType: MediaType, capacity: ByteCount,
                logicalSectorSize: ByteCount, physicalSectorSize: ByteCount, loopBackingFile: String? = nil) {
        self.path = path
        self.model = model
        self.vendor = vendor
        self.serial = serial
        self.wwn = wwn
        self.firmware = firmware
        self.transport = transport
        self.mediaType = mediaType
        self.capacity = capacity
        self.logicalSectorSize = logicalSectorSize
        self.physicalSectorSize = physicalSectorSize
        self.loopBackingFile = loopBackingFile
    }

    enum CodingKeys: String, CodingKey {
        case path, model, vendor, serial, wwn, firmware, transport
        case mediaType = "media_type"
        case capacity = "capacity_bytes"
        case logicalSectorSize = "logical_sector_bytes"
        case physicalSectorSize = "physical_sector_bytes"
        case loopBackingFile = "loop_backing_file"
    }

    public func encode(to encoder: any Encoder) throws {
        // Unknown facts are written as null, never omitted: the schema has every key.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(model, forKey: .model)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(serial, forKey: .serial)
        try c.encode(wwn, forKey: .wwn)
        try c.encode(firmware, forKey: .firmware)
        try c.encode(transport, forKey: .transport)
        try c.encode(mediaType, forKey: .mediaType)
        try c.encode(capacity, forKey: .capacity)
        try c.encode(logicalSectorSize, forKey: .logicalSectorSize)
        try c.encode(physicalSectorSize, forKey: .physicalSectorSize)
        try c.encode(loopBackingFile, forKey: .loopBackingFile)
    }

    /// The differences that make `other` a different medium from `self`, in words; empty when the
    /// two readings describe the same device. The path is not compared (device names can change
    /// across a re-plug; the medium cannot).
    public func differences(from other: DeviceIdentity) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
            if a != b { out.append("\(name): \(String(describing: a)) → \(String(describing: b))") }
        }
        check("serial", serial, other.serial)
        check("wwn", wwn, other.wwn)
        check("model", model, other.model)
        check("capacity_bytes", capacity.bytes, other.capacity.bytes)
        check("logical_sector_bytes", logicalSectorSize.bytes, other.logicalSectorSize.bytes)
        check("loop_backing_file", loopBackingFile, other.loopBackingFile)
        return out
    }
}
