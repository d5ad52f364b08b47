/// What identifies a storage device: read at the start of a wipe, read again at the end, and
/// compared. A wipe is certified only when both readings agree.
public struct DeviceIdentity: Hashable, Sendable, Codable {
    public var path: String
    @NullCoded public var model: String?
    @NullCoded public var vendor: String?
    @NullCoded public var serial: String?
    @NullCoded public var wwn: String?
    @NullCoded public var firmware: String?
    public var transport: Transport
    public var mediaType: MediaType
    public var capacity: ByteCount
    public var logicalSectorSize: ByteCount
    public var physicalSectorSize: ByteCount
    /// For loop devices: the backing file, which is the identity of the medium.
    @NullCoded public var loopBackingFile: String?
    /// For NVMe: the namespace ID on the controller (`serial` is the controller's serial number):
    /// namespaces of one controller are distinct devices.
    @NullCoded public var nvmeNamespaceID: UInt32?
    /// For NVMe: the namespace's globally unique identifiers (Identify Namespace NGUID, EUI64),
    /// lower-case hex without separators; nil when the controller reports none (all zero).
    @NullCoded public var nvmeNGUID: String?
    @NullCoded public var nvmeEUI64: String?

    public init(path: String, model: String?, vendor: String?, serial: String?, wwn: String?, firmware: String?,
                transport: Transport, mediaType: MediaType, capacity: ByteCount,
                logicalSectorSize: ByteCount, physicalSectorSize: ByteCount, loopBackingFile: String? = nil,
                nvmeNamespaceID: UInt32? = nil, nvmeNGUID: String? = nil, nvmeEUI64: String? = nil) {
        self.nvmeNamespaceID = nvmeNamespaceID
        self.nvmeNGUID = nvmeNGUID
        self.nvmeEUI64 = nvmeEUI64
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
        case nvmeNamespaceID = "nvme_namespace_id", nvmeNGUID = "nvme_nguid", nvmeEUI64 = "nvme_eui64"
    }

    /// How firmly the identity names one medium: `strong` with a serial number or WWN, `weak`
    /// without either (USB bridges, some virtual disks), where only the size, the path and the
    /// device number confirm it.
    public var strength: IdentityStrength { serial != nil || wwn != nil ? .strong : .weak }

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
        check("nvme_namespace_id", nvmeNamespaceID, other.nvmeNamespaceID)
        // Namespace identifiers count where both readings have them (the kernel and Identify
        // Namespace may differ in which they report).
        if let a = nvmeNGUID, let b = other.nvmeNGUID { check("nvme_nguid", a, b) }
        if let a = nvmeEUI64, let b = other.nvmeEUI64 { check("nvme_eui64", a, b) }
        return out
    }
}

/// How firmly a device identity names one medium (see `DeviceIdentity.strength`).
public enum IdentityStrength: String, Codable, Sendable, CaseIterable {
    case strong
    case weak
}

extension DeviceIdentity {
    /// A namespace identifier (NGUID, EUI-64) as Expunge records it: lower-case hex digits only,
    /// from any spelling (`%pU` with dashes, `%ph` with spaces, `eui.` prefixed); nil when empty or
    /// all zero (not reported).
    public static func namespaceIdentifier(_ text: String?) -> String? {
        guard var t = text?.lowercased() else { return nil }
        if t.hasPrefix("eui.") { t.removeFirst(4) }
        let hex = t.filter { $0.isHexDigit }
        return hex.isEmpty || hex.allSatisfy({ $0 == "0" }) ? nil : hex
    }
}
