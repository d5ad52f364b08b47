import Devices
import Foundation
import StorageModel
import Testing

@Suite("Device inventory on the workstation fixture")
struct InventoryTests {
    let snapshot: InventorySnapshot

    init() throws {
        snapshot = try Fixture.workstationInventory(probe: FakeExclusivityProbe(busy: ["/dev/mmcblk0", "/dev/loop3"])).scan()
    }

    func device(_ name: String) throws -> DeviceDescriptor {
        try #require(snapshot.devices.first { $0.name == name }, "fixture device \(name)")
    }

    func reasons(_ name: String) throws -> Set<RefusalReason> { Set(try device(name).refusals.map(\.reason)) }

    @Test func listsEveryWholeDiskInNaturalOrder() {
        #expect(snapshot.devices.map(\.name) == ["dm-0", "loop0", "loop3", "mmcblk0", "nvme0n1", "sda", "sdb", "sdc", "zram0"])
        #expect(snapshot.identitySource == .sysfs)
    }

    @Test func hidesEmptyAndRamDevicesUnlessAll() {
        let shown = Set(snapshot.listed(all: false).map(\.name))
        #expect(!shown.contains("loop0") && !shown.contains("zram0"))
        #expect(shown.contains("loop3") && shown.contains("sda"))
        #expect(snapshot.listed(all: true).count == snapshot.devices.count)
    }

    @Test func oneDeviceReadAloneHasTheIdentityTheFullScanGives() throws {
        let inventory = Fixture.workstationInventory()
        for name in ["sda", "nvme0n1", "loop3", "mmcblk0"] {
            let alone = try #require(try inventory.currentDescriptor(named: name))
            let full = try device(name)
            #expect(alone.identity == full.identity)
            #expect(alone.major == full.major && alone.minor == full.minor)
        }
        // Partitions, unknown names and paths are no whole disk.
        #expect(try inventory.currentDescriptor(named: "sda1") == nil)
        #expect(try inventory.currentDescriptor(named: "sdz") == nil)
        #expect(try inventory.currentDescriptor(named: "../block/sda") == nil)
    }

    @Test func sataDiskIdentityComesFromSysfs() throws {
        let sda = try device("sda")
        #expect(sda.model == "WDC WD10EZEX-08W")
        #expect(sda.vendor == "ATA")
        #expect(sda.serial == "WD-WCC6Y0ABCDEF")
        #expect(sda.wwn == "naa.50014ee2b5e3c1a0")
        #expect(sda.firmware == "1A01")
        #expect(sda.size == ByteCount(UInt64(1_953_525_168) * 512))
        #expect(sda.logicalSectorSize == ByteCount(512))
        #expect(sda.physicalSectorSize == ByteCount(4096))
        #expect(sda.transport == .sata)
        #expect(sda.mediaType == .hdd)
        #expect(sda.rotational == true)
        #expect(sda.partitions.map(\.name) == ["sda1", "sda2"])
        #expect(sda.partitions[0].start == ByteCount(2048 * 512))
        #expect(sda.sources["serial"] == .sysfs)
        #expect(sda.path == "/dev/sda")
        #expect(sda.major == 8 && sda.minor == 0)
    }

    @Test func rootOnLvmRefusesTheDiskUnderneath() throws {
        #expect(try reasons("sda") == [.systemDisk, .mounted, .held])
        let sda = try device("sda")
        #expect(sda.refusals.first { $0.reason == .mounted }?.detail.contains("/boot/efi") == true)
        #expect(sda.refusals.first { $0.reason == .held }?.detail.contains("dm-0") == true)
        #expect(try reasons("dm-0") == [.systemDisk, .mounted, .logicalVolume])
    }

    @Test func swapPartitionRefusesNvmeDrive() throws {
        let nvme = try device("nvme0n1")
        #expect(try reasons("nvme0n1") == [.swap])
        #expect(nvme.partitions.first?.isSwap == true)
        #expect(nvme.model == "Samsung SSD 980 PRO 1TB")
        #expect(nvme.serial == "S5GXNF0R123456")
        #expect(nvme.firmware == "5B2QGXA7")
        #expect(nvme.wwn == "eui.002538b111b0b1d2")
        // The namespace: its ID and identifiers as the kernel spells them (%ph, %pU), normalised.
        #expect(nvme.nvmeNamespaceID == 1)
        #expect(nvme.nvmeEUI64 == "002538b111b0b1d2")
        #expect(nvme.nvmeNGUID == "002538b111b0b1d2002538b111b0b1d2")
        #expect(nvme.identity.nvmeNamespaceID == 1)
        #expect(try device("sda").nvmeNamespaceID == nil)
        #expect(nvme.mediaType == .nvme)
    }

    @Test func readOnlySasSsdIsRefused() throws {
        let sdc = try device("sdc")
        #expect(try reasons("sdc") == [.readOnly])
        #expect(sdc.transport == .sas)
        #expect(sdc.mediaType == .ssd)
        #expect(sdc.vendor == "TOSHIBA")
    }

    @Test func usbStickIsWipeableAndItsSerialIsSanitized() throws {
        let sdb = try device("sdb")
        #expect(sdb.isWipeable)
        #expect(sdb.transport == .usb)
        #expect(sdb.mediaType == .flash)
        let serial = try #require(sdb.serial)
        #expect(!serial.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "no control characters survive")
        #expect(serial.hasPrefix("4C53"))
        #expect(serial.contains("\u{FFFD}"), "escape and invalid UTF-8 are replaced, not dropped silently")
    }

    @Test func mountedPartitionWithSpaceInMountPoint() throws {
        let mmc = try device("mmcblk0")
        #expect(try reasons("mmcblk0") == [.mounted], "busy is not added when mounted already explains it")
        #expect(mmc.partitions.first?.mountPoints == ["/media/depot/USB STICK"])
        #expect(mmc.model == "SD32G")
        #expect(mmc.mediaType == .flash)
    }

    @Test func loopDeviceReportsBackingFileAndBusyProbe() throws {
        let loop = try device("loop3")
        #expect(loop.loopBackingFile == "/var/tmp/scratch.img")
        #expect(loop.busy == true)
        #expect(try reasons("loop3") == [.busy])
        #expect(loop.model == nil && loop.serial == nil, "unknown stays unknown")
    }

    @Test func emptyAndMemoryDevicesAreRefused() throws {
        #expect(try reasons("loop0") == [.empty])
        #expect(try reasons("zram0") == [.memoryDevice, .swap])
    }

    @Test func theLiveImagesBootMediumIsRefusedThroughItsPartition() throws {
        let stickName = try #require(snapshot.devices.first { !$0.partitions.isEmpty && $0.transport != .deviceMapper }?.name)
        let partition = try #require(try device(stickName).partitions.first)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("boot-medium-\(UUID().uuidString)").path
        try "\(partition.major):\(partition.minor)\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var inventory = Fixture.workstationInventory(probe: FakeExclusivityProbe(busy: []))
        inventory.bootMediumPath = file
        let snap = try inventory.scan()
        let stick = try #require(snap.devices.first { $0.name == stickName })
        #expect(stick.refusals.map(\.reason).contains(.bootMedium))
        #expect(stick.isWipeable == false)
        #expect(snap.devices.filter { $0.refusals.contains { $0.reason == .bootMedium } }.map(\.name) == [stickName])
        #expect(try reasons(stickName).contains(.bootMedium) == false, "without the file nothing is a boot medium")
    }

    @Test func udevPropertiesWinOverSysfsWhenInitialized() throws {
        let props = UdevProperties(text: try Fixture.text("workstation/udev-sdb.properties"))
        let inventory = Fixture.workstationInventory(enumerator: FakeEnumerator(devices: [
            EnumeratedDevice(name: "sdb", devnode: "/dev/sdb", properties: props, udevInitialized: true),
        ]))
        let snap = try inventory.scan()
        let sdb = try #require(snap.devices.first)
        #expect(snap.identitySource == .udev)
        #expect(sdb.serial == "4C530001230419104253")
        #expect(sdb.sources["serial"] == .udev)
        #expect(sdb.model == "Cruzer Blade")
        #expect(sdb.firmware == "1.00")
    }

    @Test func jsonHasEveryKeyWithNullForUnknown() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(try device("loop3"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["path", "name", "major", "minor", "model", "vendor", "serial", "wwn", "firmware", "size_bytes",
                    "logical_sector_bytes", "physical_sector_bytes", "rotational", "removable", "read_only",
                    "transport", "media_type", "partitions", "loop_backing_file", "mountpoints", "holders",
                    "busy", "wipeable", "refusals", "sources"] {
            #expect(object.keys.contains(key), "key \(key)")
        }
        #expect(object["model"] is NSNull)
        #expect(object["size_bytes"] as? Int == 2_097_152 * 512)
        #expect(object["transport"] as? String == "loop")
    }

    @Test func missingSysfsIsAClearError() {
        let inventory = DeviceInventory(enumerator: SysfsEnumerator(sysfs: Sysfs(root: "/nonexistent-sysfs")))
        #expect(throws: DeviceDiscoveryError.self) { try inventory.scan() }
        do {
            _ = try inventory.scan()
        } catch {
            #expect(error.message.contains("/nonexistent-sysfs/block"))
            #expect(error.remedy?.contains("mount") == true)
        }
    }
}
