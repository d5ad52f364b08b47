import Devices
import Testing

@Suite("Parsing of /proc and sysfs data")
struct ParsingTests {
    @Test func mountinfoParsesDeviceNumbersMountPointsAndEscapes() throws {
        let table = MountTable(mountinfo: try Fixture.text("workstation/mountinfo"))
        #expect(table.entries.count == 5, "the garbage line is skipped")
        #expect(table.mountPoints(major: 253, minor: 0) == ["/"])
        #expect(table.mountPoints(major: 179, minor: 1) == ["/media/depot/USB STICK"])
        let efi = try #require(table.entries.first { $0.mountPoint == "/boot/efi" })
        #expect(efi.filesystemType == "vfat")
        #expect(efi.source == "/dev/sda1")
        #expect(Set(table.systemMounts.map(\.mountPoint)) == ["/", "/boot/efi"])
    }

    @Test func mountinfoWithOptionalFieldsAndNoneAtAll() {
        let text = """
        36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
        37 35 98:1 / /data rw - xfs /dev/sdz1 rw
        """
        let table = MountTable(mountinfo: text)
        #expect(table.entries.map(\.mountPoint) == ["/mnt2", "/data"])
        #expect(table.entries.map(\.filesystemType) == ["ext3", "xfs"])
    }

    @Test func swapsListsPartitionsOnly() throws {
        let swaps = SwapTable(procSwaps: try Fixture.text("workstation/swaps"))
        #expect(swaps.blockDevicePaths == ["/dev/nvme0n1p1", "/dev/zram0"])
        let withFile = SwapTable(procSwaps: "Filename Type Size Used Priority\n/swapfile file 1024 0 -2\n")
        #expect(withFile.blockDevicePaths.isEmpty)
        #expect(withFile.entries.count == 1)
    }

    @Test func udevPropertiesDecodeEscapes() throws {
        let props = UdevProperties(text: try Fixture.text("workstation/udev-sdb.properties"))
        #expect(props["ID_BUS"] == "usb")
        #expect(props.decoded("ID_MODEL_ENC") == "Cruzer Blade")
        #expect(props.decoded("ID_VENDOR_ENC") == "SanDisk")
        #expect(props.decoded("ID_MISSING") == nil)
    }

    @Test func vpdPage80SerialIsTrimmedAndSanitized() {
        let page: [UInt8] = [0, 0x80, 0, 8] + Array("  AB\u{1B}CD ".utf8)
        #expect(DeviceInventory.unitSerialNumber(vpdPage80: page) == "AB\u{FFFD}CD")
        #expect(DeviceInventory.unitSerialNumber(vpdPage80: [0, 0x83, 0, 1, 65]) == nil, "wrong page code")
        #expect(DeviceInventory.unitSerialNumber(vpdPage80: [0, 0x80]) == nil, "truncated")
        #expect(DeviceInventory.unitSerialNumber(vpdPage80: [0, 0x80, 0, 200, 65, 66]) == "AB", "length beyond data")
    }

    @Test func sysfsAttributesAreTrimmedAndTyped() {
        let sysfs = Sysfs(root: Fixture.path("workstation/sys"))
        #expect(sysfs.attribute("block/sda/device/model") == "WDC WD10EZEX-08W")
        #expect(sysfs.integer("block/sda/size") == 1_953_525_168)
        #expect(sysfs.flag("block/sdb/removable") == true)
        #expect(sysfs.attribute("block/sda/no-such-attribute") == nil)
        #expect(sysfs.resolved("block/sda")?.contains("/ata1/") == true)
    }

    @Test(arguments: [
        ("sda", "/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda", "sata"),
        ("sdb", "/devices/pci0000:00/0000:00:14.0/usb2/2-1/host6/block/sdb", "usb"),
        ("sdc", "/devices/pci0000:00/host2/port-2:0/end_device-2:0/target2:0:0/block/sdc", "sas"),
        ("sdd", "/devices/pci0000:00/0000:00:05.0/virtio2/host0/target0:0:0/0:0:0:0/block/sdd", "scsi"),
        ("vda", "/devices/pci0000:00/0000:00:02.0/virtio1/block/vda", "virtio"),
        ("nvme0n1", "/devices/pci0000:00/nvme/nvme0/nvme0n1", "nvme"),
        ("mmcblk0", "/devices/mmc_host/mmc0/block/mmcblk0", "mmc"),
        ("loop7", "/devices/virtual/block/loop7", "loop"),
        ("zram0", "/devices/virtual/block/zram0", "zram"),
        ("dm-2", "/devices/virtual/block/dm-2", "device-mapper"),
        ("md127", "/devices/virtual/block/md127", "md"),
    ])
    func transportFromNameAndPath(name: String, path: String, expected: String) {
        #expect(DeviceInventory.transport(name: name, resolvedPath: path, udev: UdevProperties()).rawValue == expected)
    }

    @Test func mediaTypeFollowsTransportAndHints() {
        #expect(DeviceInventory.mediaType(transport: .sata, rotational: true, removable: false) == .hdd)
        #expect(DeviceInventory.mediaType(transport: .sata, rotational: false, removable: false) == .ssd)
        #expect(DeviceInventory.mediaType(transport: .sas, rotational: nil, removable: nil) == .unknown)
        #expect(DeviceInventory.mediaType(transport: .usb, rotational: true, removable: true) == .flash)
        #expect(DeviceInventory.mediaType(transport: .nvme, rotational: false, removable: false) == .nvme)
        #expect(DeviceInventory.mediaType(transport: .loop, rotational: false, removable: false) == .virtual)
    }
}
