/// Enumerates whole disks from `/sys/block` directly: used on fixture trees in tests, and as the
/// fallback where libudev cannot be used.
public struct SysfsEnumerator: DeviceEnumerating {
    public let sysfs: Sysfs
    public let devRoot: String

    public init(sysfs: Sysfs = Sysfs(), devRoot: String = "/dev") {
        self.sysfs = sysfs
        self.devRoot = devRoot
    }

    public func enumerate() throws(DeviceDiscoveryError) -> [EnumeratedDevice] {
        guard sysfs.exists("block") else {
            throw DeviceDiscoveryError(message: "cannot read \(sysfs.absolute("block"))",
                                       remedy: "mount sysfs (mount -t sysfs sysfs /sys) and run again")
        }
        return sysfs.entries("block").map { EnumeratedDevice(name: $0, devnode: "\(devRoot)/\($0)") }
    }

    public func enumerate(named name: String) throws(DeviceDiscoveryError) -> EnumeratedDevice? {
        guard !name.contains("/"), sysfs.exists("block/\(name)") else { return nil }
        return EnumeratedDevice(name: name, devnode: "\(devRoot)/\(name)")
    }
}
