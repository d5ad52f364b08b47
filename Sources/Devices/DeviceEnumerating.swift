/// A whole-disk block device as an enumerator found it.
public struct EnumeratedDevice: Hashable, Sendable {
    /// Kernel name (`sda`, `nvme0n1`, `loop3`).
    public var name: String
    /// Device node (`/dev/sda`), when known.
    public var devnode: String?
    /// udev properties; empty without udevd.
    public var properties: UdevProperties
    /// Whether udevd has processed the device (its `ID_*` properties can be trusted).
    public var udevInitialized: Bool

    public init(name: String, devnode: String?, properties: UdevProperties = UdevProperties(), udevInitialized: Bool = false) {
        self.name = name
        self.devnode = devnode
        self.properties = properties
        self.udevInitialized = udevInitialized
    }
}

/// Finds whole-disk block devices. The seam between the inventory and libudev.
public protocol DeviceEnumerating: Sendable {
    func enumerate() throws(DeviceDiscoveryError) -> [EnumeratedDevice]
    /// The one whole disk with this kernel name, nil when there is none. Used to re-read a
    /// device's identity without enumerating every disk (a station with 16 bays does it per bay).
    func enumerate(named name: String) throws(DeviceDiscoveryError) -> EnumeratedDevice?
}

extension DeviceEnumerating {
    public func enumerate(named name: String) throws(DeviceDiscoveryError) -> EnumeratedDevice? {
        try enumerate().first { $0.name == name }
    }
}

/// Why devices could not be enumerated.
public struct DeviceDiscoveryError: OperatorError {
    public var message: String
    public var remedy: String?
    public var code: String { "device-discovery-failed" }
    public var exitStatus: ExitStatus { .failed }

    public init(message: String, remedy: String?) {
        self.message = message
        self.remedy = remedy
    }
}

import StorageModel
