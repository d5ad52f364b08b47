import Devices
import Foundation

/// Paths to the fixture trees checked in beside these tests.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static func text(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    /// An inventory of the `workstation` fixture: SATA disk with root on LVM, a USB stick, a
    /// read-only SAS SSD, an NVMe drive with swap, an SD card with a mounted partition, loop and
    /// zram devices, and the device-mapper volume itself.
    static func workstationInventory(probe: any ExclusivityProbing = NoExclusivityProbe(),
                                     enumerator: (any DeviceEnumerating)? = nil) -> DeviceInventory {
        let sysfs = Sysfs(root: path("workstation/sys"))
        return DeviceInventory(enumerator: enumerator ?? SysfsEnumerator(sysfs: sysfs), sysfs: sysfs,
                               mountinfoPath: path("workstation/mountinfo"), swapsPath: path("workstation/swaps"),
                               probe: probe)
    }
}

/// A probe that reports the named devices as busy.
struct FakeExclusivityProbe: ExclusivityProbing {
    var busy: Set<String>
    func isBusy(path: String) -> Bool? { busy.contains(path) }
}

/// An enumerator that returns fixed devices (as udev would after udevd processed them).
struct FakeEnumerator: DeviceEnumerating {
    var devices: [EnumeratedDevice]
    func enumerate() throws(DeviceDiscoveryError) -> [EnumeratedDevice] { devices }
}
