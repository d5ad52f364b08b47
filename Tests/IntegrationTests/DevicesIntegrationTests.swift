import BlockIO
import Devices
import Foundation
import StorageModel
import Testing
import TestSupport

/// `expunge devices` against the real kernel, on loop devices the tests create.
@Suite("devices command on real loop devices", .enabled(if: Privileges.isRoot, Privileges.reason))
struct DevicesIntegrationTests {
    struct Listing: Decodable {
        struct Device: Decodable {
            let path: String
            let size_bytes: UInt64
            let logical_sector_bytes: UInt64
            let transport: String
            let media_type: String
            let loop_backing_file: String?
            let wipeable: Bool
            let refusals: [Refusal]
            let mountpoints: [String]
            let partitions: [Partition]
        }
        struct Refusal: Decodable { let reason: String; let detail: String; let remedy: String }
        struct Partition: Decodable { let mountpoints: [String] }
        let schema_version: Int
        let devices: [Device]
    }

    func list(_ extra: [String] = []) throws -> Listing {
        let r = try Shell.expunge(["devices", "--json"] + extra)
        try #require(r.status == 0, "devices --json failed: \(r.stderr)")
        return try JSONDecoder().decode(Listing.self, from: Data(r.stdout.utf8))
    }

    @Test func reportsLoopDeviceSizeAndSectorSize() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(64)) { loop in
            let listing = try list()
            #expect(listing.schema_version == 1)
            let d = try #require(listing.devices.first { $0.path == loop.path })
            #expect(d.size_bytes == 64 << 20)
            #expect(d.logical_sector_bytes == 512)
            #expect(d.transport == "loop")
            #expect(d.media_type == "virtual")
            #expect(d.loop_backing_file == loop.backingFile.path)
            #expect(d.wipeable, "an unused scratch device may be wiped: \(d.refusals)")
        }
        try await ScratchLoopDevice.with(size: .mebibytes(32), sectorSize: 4096) { loop in
            let d = try #require(try list([loop.path]).devices.first)
            #expect(d.size_bytes == 32 << 20)
            #expect(d.logical_sector_bytes == 4096)
        }
    }

    /// libudev's record of one device (`udev_device_new_from_subsystem_sysname`) gives the same
    /// identity as the full enumeration; a partition and an unknown name give none.
    @Test func oneDeviceReadThroughLibudevMatchesTheFullScan() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(16)) { loop in
            let inventory = DeviceInventory.system(probeExclusivity: false)
            let name = URL(fileURLWithPath: loop.path).lastPathComponent
            let full = try #require(try inventory.scan().devices.first { $0.name == name })
            let alone = try #require(try inventory.currentDescriptor(named: name))
            #expect(alone.identity == full.identity)
            #expect(alone.major == full.major && alone.minor == full.minor)
            #expect(alone.path == loop.path)
            #expect(try inventory.currentDescriptor(named: "\(name)p1") == nil)
            #expect(try inventory.currentDescriptor(named: "no-such-disk") == nil)
        }
    }

    @Test func jsonMatchesTheDocumentedSchema() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(16)) { _ in
            let r = try Shell.expunge(["devices", "--json", "--all"])
            try #require(r.status == 0)
            let problems = try SchemaValidator.errors(json: r.stdout, schema: SchemaValidator.schema("Docs/schemas/devices.schema.json"))
            #expect(problems == nil, "\(problems ?? "")")
        }
    }

    /// A loop device has no drive firmware: `health` says not available (nothing invented, exit 0),
    /// and `devices` shows n/a in its HEALTH column; the JSON matches the documented schema.
    @Test func healthOfALoopDeviceIsNotAvailable() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(16)) { loop in
            let r = try Shell.expunge(["health", loop.path, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try SchemaValidator.errors(json: r.stdout, schema: SchemaValidator.schema("Docs/schemas/health.schema.json")) == nil)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let device = try #require((doc["devices"] as? [[String: Any]])?.first)
            let reading = try #require(device["reading"] as? [String: Any])
            #expect(reading["status"] as? String == "not-available" && device["grade"] is NSNull)
            #expect(reading["reason"] as? String == "loop device: virtual, no drive firmware holds health data")
            let text = try Shell.expunge(["health", loop.path])
            #expect(text.status == 0 && text.stdout.contains("health: not available: loop device"))
            let table = try Shell.expunge(["devices", loop.path])
            #expect(table.stdout.contains("HEALTH") && table.stdout.contains("n/a"), "\(table.stdout)")
            let usage = try Shell.expunge(["health"])
            #expect(usage.status == 64)
        }
    }

    @Test func mountedFilesystemIsRefused() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(64)) { loop in
            let mkfs = try Shell.run("/sbin/mkfs.ext4", ["-q", "-F", loop.path])
            try #require(mkfs.status == 0, "mkfs.ext4: \(mkfs.stderr)")
            let mountPoint = loop.directory.appendingPathComponent("mnt")
            try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
            let mount = try Shell.run("/bin/mount", [loop.path, mountPoint.path])
            try #require(mount.status == 0, "mount: \(mount.stderr)")
            defer { _ = try? Shell.run("/bin/umount", [mountPoint.path]) }

            let d = try #require(try list([loop.path]).devices.first)
            #expect(!d.wipeable)
            #expect(d.refusals.map(\.reason).contains("mounted"))
            #expect(d.mountpoints == [mountPoint.path])
            let table = try Shell.expunge(["devices", loop.path])
            #expect(table.stdout.contains("refused"))
            #expect(table.stdout.contains("\(loop.path): mounted: "))
            // The default table fits 80 columns; --long has every column.
            let tableLines = table.stdout.components(separatedBy: "\n\n")[0].components(separatedBy: "\n")
            #expect(tableLines.allSatisfy { $0.count <= 80 }, "\(tableLines)")
            let long = try Shell.expunge(["devices", "--long", loop.path])
            #expect(long.stdout.contains("refused: mounted"))
            #expect(long.stdout.contains("MAJ:MIN"))
        }
    }

    /// `/proc/self/mountinfo` is read to its end: a machine with containers or snaps lists far more
    /// than the 4 KiB a single read returns, and a disk mounted after those must still be seen as
    /// mounted by the inventory itself (the exclusive-open probe is off here, so it is not what
    /// catches it).
    @Test func aMountBeyondTheFirstPageOfTheMountTableIsSeen() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(64)) { loop in try Self.mountBehindEightyOthers(loop) }
    }

    static func mountBehindEightyOthers(_ loop: ScratchLoopDevice) throws {
        let mkfs = try Shell.run("/sbin/mkfs.ext4", ["-q", "-F", loop.path])
        try #require(mkfs.status == 0, "mkfs.ext4: \(mkfs.stderr)")
        var mounted: [String] = []
        defer { for m in mounted.reversed() { _ = try? Shell.run("/bin/umount", [m]) } }
        for i in 0..<80 {
            let pad = loop.directory.appendingPathComponent("pad-\(i)").path
            try FileManager.default.createDirectory(atPath: pad, withIntermediateDirectories: true)
            let r = try Shell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "expunge-test-pad", pad])
            try #require(r.status == 0, "mount tmpfs: \(r.stderr)")
            mounted.append(pad)
        }
        let mountPoint = loop.directory.appendingPathComponent("mnt").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try Shell.run("/bin/mount", [loop.path, mountPoint])
        try #require(mount.status == 0, "mount: \(mount.stderr)")
        mounted.append(mountPoint)
        let table = try SystemCall.readText(path: "/proc/self/mountinfo")
        try #require(table.utf8.count > 8192 && table.contains(" \(mountPoint) "), "mountinfo is \(table.utf8.count) bytes")

        let name = URL(fileURLWithPath: loop.path).lastPathComponent
        let d = try #require(try DeviceInventory.system(probeExclusivity: false).scan().devices.first { $0.name == name })
        #expect(d.mountPoints == [mountPoint])
        #expect(d.refusals.map(\.reason).contains(.mounted))
        #expect(!d.isWipeable)
    }

    @Test func rootDiskIsRefusedAsSystemDisk() throws {
        let listing = try list(["--all"])
        let root = try #require(listing.devices.first { $0.mountpoints.contains("/") || $0.partitions.contains { $0.mountpoints.contains("/") } },
                                "the disk holding / is listed")
        #expect(!root.wipeable)
        #expect(root.refusals.map(\.reason).contains("system-disk"))
    }

    @Test func badPathsGiveOneLineErrorsAndExit65() throws {
        let missing = try Shell.expunge(["devices", "/dev/no-such-disk"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no such device: /dev/no-such-disk"))
        #expect(missing.stderr.contains("remedy"))
        let notBlock = try Shell.expunge(["devices", "/etc/hostname"])
        #expect(notBlock.status == 65)
        #expect(notBlock.stderr.contains("not a block device"))
        let usage = try Shell.expunge(["devices", "--no-such-flag"])
        #expect(usage.status == 64)
    }
}

@Suite("hot-plug monitor", .enabled(if: Privileges.isRoot, Privileges.reason))
struct DeviceMonitorTests {
    @Test func seesLoopDeviceAddedAndRemoved() async throws {
        let monitor = try DeviceMonitor()
        defer { monitor.stop() }
        let control = LoopControl()
        // A high index nobody else uses, so the events are ours.
        let index = Int32(200 + Int.random(in: 0..<50))
        _ = try control.add(index: index)
        var removed = false
        defer { if !removed { try? control.remove(index: index) } }
        let name = "loop\(index)"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-test-monitor-\(index).img")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data(count: 1 << 20))
        defer { try? FileManager.default.removeItem(at: file) }
        let attach = try Shell.run("/sbin/losetup", ["/dev/\(name)", file.path])
        try #require(attach.status == 0, "losetup: \(attach.stderr)")
        _ = try Shell.run("/sbin/losetup", ["-d", "/dev/\(name)"])
        try control.remove(index: index)
        removed = true

        var seen: [DeviceEvent.Action] = []
        let deadline = ContinuousClock.now + .seconds(10)
        for await event in monitor.events where event.name == name {
            seen.append(event.action)
            if event.action == .remove || ContinuousClock.now > deadline { break }
        }
        #expect(seen.first == .add)
        #expect(seen.contains(.change), "attaching a file is a change event")
        #expect(seen.last == .remove)
    }
}
