import CLibUdev
import StorageModel

/// Enumerates whole disks through libudev: subsystem `block`, `DEVTYPE=disk`.
public struct UdevEnumerator: DeviceEnumerating {
    public init() {}

    public func enumerate() throws(DeviceDiscoveryError) -> [EnumeratedDevice] {
        guard let context = UdevContext() else {
            throw DeviceDiscoveryError(message: "libudev could not be initialised", remedy: "check that /sys is mounted")
        }
        return try context.enumerateDisks()
    }

    /// `udev_device_new_from_subsystem_sysname("block", name)`: the device's own record only.
    public func enumerate(named name: String) throws(DeviceDiscoveryError) -> EnumeratedDevice? {
        guard let context = UdevContext() else {
            throw DeviceDiscoveryError(message: "libudev could not be initialised", remedy: "check that /sys is mounted")
        }
        return context.disk(named: name)
    }
}

/// Owns a `struct udev *`. Not Sendable: used on one thread and released with it.
final class UdevContext {
    let handle: OpaquePointer

    init?() {
        guard let h = udev_new() else { return nil }
        handle = h
    }

    deinit { udev_unref(handle) }

    func enumerateDisks() throws(DeviceDiscoveryError) -> [EnumeratedDevice] {
        guard let e = udev_enumerate_new(handle) else {
            throw DeviceDiscoveryError(message: "libudev enumeration could not be created", remedy: nil)
        }
        defer { udev_enumerate_unref(e) }
        udev_enumerate_add_match_subsystem(e, "block")
        udev_enumerate_add_match_property(e, "DEVTYPE", "disk")
        let rc = udev_enumerate_scan_devices(e)
        if rc < 0 {
            throw DeviceDiscoveryError(message: "libudev could not scan block devices (error \(-rc))", remedy: "check that sysfs is mounted at /sys")
        }
        var out: [EnumeratedDevice] = []
        var entry = udev_enumerate_get_list_entry(e)
        while let current = entry {
            defer { entry = udev_list_entry_get_next(current) }
            guard let syspath = udev_list_entry_get_name(current),
                  let device = udev_device_new_from_syspath(handle, syspath) else { continue }
            defer { udev_device_unref(device) }
            out.append(Self.describe(device))
        }
        return out
    }

    /// The whole disk `name`, nil when the kernel has no such block device or it is a partition.
    func disk(named name: String) -> EnumeratedDevice? {
        guard let device = udev_device_new_from_subsystem_sysname(handle, "block", name) else { return nil }
        defer { udev_device_unref(device) }
        guard let type = udev_device_get_devtype(device), String(cString: type) == "disk" else { return nil }
        return Self.describe(device)
    }

    static func describe(_ device: OpaquePointer) -> EnumeratedDevice {
        var properties: [String: String] = [:]
        var p = udev_device_get_properties_list_entry(device)
        while let current = p {
            if let name = udev_list_entry_get_name(current) {
                let value = udev_list_entry_get_value(current).map { String(cString: $0) } ?? ""
                properties[String(cString: name)] = value
            }
            p = udev_list_entry_get_next(current)
        }
        let name = udev_device_get_sysname(device).map { String(cString: $0) } ?? ""
        let devnode = udev_device_get_devnode(device).map { String(cString: $0) }
        return EnumeratedDevice(name: name, devnode: devnode, properties: UdevProperties(properties),
                                udevInitialized: udev_device_get_is_initialized(device) > 0)
    }
}
