import BlockIO
import Foundation
import Glibc
import StorageModel

/// The attached block devices, as one consistent snapshot.
public struct InventorySnapshot: Sendable {
    /// `udev` when udevd had processed the devices, `sysfs` when identity came from sysfs alone.
    public var identitySource: FactSource
    /// Every whole disk, including the ones hidden by default.
    public var devices: [DeviceDescriptor]

    /// The devices a listing shows: without `all`, zero-size and RAM devices are left out.
    public func listed(all: Bool) -> [DeviceDescriptor] {
        all ? devices : devices.filter { !$0.isHiddenByDefault }
    }

    /// The disk a user-supplied path names. Follows symbolic links (`/dev/disk/by-id/…`), and
    /// refuses a partition, a non-block path or a missing one with the remedy.
    public func device(named userPath: String) throws(DeviceLookupError) -> DeviceDescriptor {
        let st: FileStatus
        do { st = try SystemCall.fileStatus(path: userPath) } catch {
            throw DeviceLookupError(path: userPath, problem: error == .noSuchFile ? .doesNotExist : .unreadable(error))
        }
        guard st.isBlockDevice else { throw DeviceLookupError(path: userPath, problem: .notBlockDevice) }
        let major = st.deviceMajor, minor = st.deviceMinor
        if let d = devices.first(where: { $0.major == major && $0.minor == minor }) { return d }
        if let d = devices.first(where: { $0.partitions.contains { $0.major == major && $0.minor == minor } }) {
            throw DeviceLookupError(path: userPath, problem: .isPartition(disk: d.path))
        }
        throw DeviceLookupError(path: userPath, problem: .notListed)
    }
}

/// Why a path given on the command line does not name a usable disk.
public struct DeviceLookupError: OperatorError {
    public enum Problem: Sendable, Equatable {
        case doesNotExist
        case notBlockDevice
        case isPartition(disk: String)
        case notListed
        case unreadable(Errno)
    }
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var code: String {
        switch problem {
        case .doesNotExist: "device-not-found"
        case .notBlockDevice: "not-a-block-device"
        case .isPartition: "device-is-partition"
        case .notListed: "device-not-listed"
        case .unreadable: "device-unreadable"
        }
    }

    public var exitStatus: ExitStatus {
        if case .unreadable(let e) = problem, e == .accessDenied || e == .notPermitted { return .permission }
        return .badInput
    }

    public var message: String {
        switch problem {
        case .doesNotExist: "no such device: \(path)"
        case .notBlockDevice: "\(path) is not a block device"
        case .isPartition(let disk): "\(path) is a partition of \(disk); Expunge sanitizes whole disks"
        case .notListed: "\(path) is a block device that is not a whole disk known to the kernel"
        case .unreadable(let e): "cannot examine \(path): \(e)"
        }
    }

    public var remedy: String? {
        switch problem {
        case .doesNotExist, .notBlockDevice, .notListed: "list the attached disks with `expunge devices`"
        case .isPartition(let disk): "name the whole disk (\(disk))"
        case .unreadable(let e) where e == .accessDenied || e == .notPermitted: "run as root (sudo)"
        case .unreadable: nil
        }
    }
}

/// Builds `DeviceDescriptor`s: enumerates whole disks, reads identity from udev properties with
/// sysfs as the fallback, and decides which devices are unsafe to wipe and why.
public struct DeviceInventory: Sendable {
    public var enumerator: any DeviceEnumerating
    public var sysfs: Sysfs
    public var mountinfoPath: String
    public var swapsPath: String
    public var devRoot: String
    public var probe: any ExclusivityProbing
    /// Where the live image's init records the boot medium: one `MAJOR:MINOR` per line (the
    /// partition it booted from). A missing file means the system did not boot from a stick.
    public var bootMediumPath: String = "/run/expunge/boot-medium"

    public init(enumerator: any DeviceEnumerating, sysfs: Sysfs = Sysfs(), mountinfoPath: String = "/proc/self/mountinfo",
                swapsPath: String = "/proc/swaps", devRoot: String = "/dev", probe: any ExclusivityProbing = ExclusiveOpenProbe()) {
        self.enumerator = enumerator
        self.sysfs = sysfs
        self.mountinfoPath = mountinfoPath
        self.swapsPath = swapsPath
        self.devRoot = devRoot
        self.probe = probe
    }

    /// The inventory of this machine: libudev enumeration, sysfs for whatever udev does not know.
    public static func system(probeExclusivity: Bool = true) -> DeviceInventory {
        DeviceInventory(enumerator: UdevEnumerator(), probe: probeExclusivity ? ExclusiveOpenProbe() : NoExclusivityProbe())
    }

    public func scan() throws(DeviceDiscoveryError) -> InventorySnapshot {
        let found = try enumerator.enumerate()
        guard let mountText = try? SystemCall.readText(path: mountinfoPath) else {
            throw DeviceDiscoveryError(message: "cannot read \(mountinfoPath)", remedy: "mount procfs (mount -t proc proc /proc) and run again")
        }
        let mounts = MountTable(mountinfo: mountText)
        let swaps = SwapTable(procSwaps: (try? SystemCall.readText(path: swapsPath)) ?? "")

        var devices = found.map { describe($0, mounts: mounts) }
        markSystemAndSwap(&devices, mounts: mounts, swaps: swaps)
        markBootMedium(&devices)
        for i in devices.indices { assess(&devices[i]) }
        devices.sort { Self.naturalOrder($0.name, $1.name) }
        let source: FactSource = found.contains(where: \.udevInitialized) ? .udev : .sysfs
        return InventorySnapshot(identitySource: source, devices: devices)
    }

    /// The device with this kernel name as it is now, read alone: its identity facts, size and
    /// mount points, but **not** the whole-system assessment (system disk, swap, boot medium,
    /// exclusivity), which needs every disk — use `scan()` to decide whether a disk may be
    /// written. This is for re-reading the identity of a device already open exclusively.
    /// nil when the kernel has no whole disk of that name.
    public func currentDescriptor(named name: String) throws(DeviceDiscoveryError) -> DeviceDescriptor? {
        guard let found = try enumerator.enumerate(named: name) else { return nil }
        let mounts = MountTable(mountinfo: (try? SystemCall.readText(path: mountinfoPath)) ?? "")
        return describe(found, mounts: mounts)
    }

    // MARK: - Identity

    func describe(_ e: EnumeratedDevice, mounts: MountTable) -> DeviceDescriptor {
        let base = "block/\(e.name)"
        let udev = e.udevInitialized ? e.properties : UdevProperties()
        var sources: [String: FactSource] = [:]

        func fact(_ key: String, udevKeys: [String], sysfsPaths: [String], accept: (String) -> Bool = { _ in true }) -> String? {
            for k in udevKeys {
                if let v = udev.decoded(k), accept(v) { sources[key] = .udev; return v }
            }
            for p in sysfsPaths {
                if let v = sysfs.attribute("\(base)/\(p)"), accept(v) { sources[key] = .sysfs; return v }
            }
            return nil
        }

        let (major, minor) = Self.parseDev(sysfs.attribute("\(base)/dev"))
        let resolved = sysfs.resolved(base) ?? ""
        let transport = Self.transport(name: e.name, resolvedPath: resolved, udev: udev)
        sources["transport"] = udev["ID_BUS"] != nil ? .udev : .sysfs

        let notHexId: (String) -> Bool = { !$0.hasPrefix("0x") }
        let model = fact("model", udevKeys: ["ID_MODEL_ENC", "ID_MODEL"], sysfsPaths: ["device/model", "device/name"])
        let vendor = fact("vendor", udevKeys: ["ID_VENDOR_ENC", "ID_VENDOR"], sysfsPaths: transport == .virtio ? [] : ["device/vendor"], accept: notHexId)
        var serial = fact("serial", udevKeys: ["ID_SERIAL_SHORT"], sysfsPaths: ["serial", "device/serial"])
        if serial == nil, let vpd = sysfs.bytes("\(base)/device/vpd_pg80"), let s = Self.unitSerialNumber(vpdPage80: vpd) {
            serial = s
            sources["serial"] = .sysfs
        }
        let isWWN: (String) -> Bool = { v in
            let l = v.lowercased()
            return l.hasPrefix("naa.") || l.hasPrefix("eui.") || l.hasPrefix("0x")
        }
        let wwn = fact("wwn", udevKeys: ["ID_WWN_WITH_EXTENSION", "ID_WWN"], sysfsPaths: ["wwid", "device/wwid", "eui", "nguid"], accept: isWWN)
        let firmware = fact("firmware", udevKeys: ["ID_REVISION"], sysfsPaths: ["device/rev", "device/firmware_rev", "device/fwrev"])

        let size = ByteCount((sysfs.integer("\(base)/size") ?? 0) * 512)
        let logical = ByteCount(sysfs.integer("\(base)/queue/logical_block_size") ?? 512)
        let physical = ByteCount(sysfs.integer("\(base)/queue/physical_block_size") ?? logical.bytes)
        for k in ["size", "logical_sector", "physical_sector", "rotational", "removable", "read_only"] { sources[k] = .sysfs }
        let rotational = sysfs.flag("\(base)/queue/rotational")
        let removable = sysfs.flag("\(base)/removable")
        let readOnly = sysfs.flag("\(base)/ro") ?? false
        let media = Self.mediaType(transport: transport, rotational: rotational, removable: removable)

        var partitions: [PartitionDescriptor] = []
        for entry in sysfs.entries(base) where sysfs.exists("\(base)/\(entry)/partition") {
            let (pmaj, pmin) = Self.parseDev(sysfs.attribute("\(base)/\(entry)/dev"))
            partitions.append(PartitionDescriptor(
                name: entry, path: "\(devRoot)/\(entry)", major: pmaj, minor: pmin,
                size: ByteCount((sysfs.integer("\(base)/\(entry)/size") ?? 0) * 512),
                start: sysfs.integer("\(base)/\(entry)/start").map { ByteCount($0 * 512) },
                mountPoints: mounts.mountPoints(major: pmaj, minor: pmin),
                holders: sysfs.entries("\(base)/\(entry)/holders"), isSwap: false))
        }
        partitions.sort { Self.naturalOrder($0.name, $1.name) }

        let backing = transport == .loop ? sysfs.attribute("\(base)/loop/backing_file") : nil
        // NVMe namespaces: the serial is the controller's; the namespace ID and identifiers tell
        // the namespaces of one controller apart.
        let nsid = transport == .nvme ? sysfs.integer("\(base)/nsid").flatMap { UInt32(exactly: $0) } : nil
        let nguid = transport == .nvme ? DeviceIdentity.namespaceIdentifier(sysfs.attribute("\(base)/nguid")) : nil
        let eui = transport == .nvme ? DeviceIdentity.namespaceIdentifier(sysfs.attribute("\(base)/eui")) : nil
        if nsid != nil { sources["nvme_namespace_id"] = .sysfs }
        var descriptor = DeviceDescriptor(
            path: e.devnode ?? "\(devRoot)/\(e.name)", name: e.name, major: major, minor: minor,
            model: model, vendor: vendor, serial: serial, wwn: wwn, firmware: firmware,
            size: size, logicalSectorSize: logical, physicalSectorSize: physical,
            rotational: rotational, removable: removable, readOnly: readOnly,
            transport: transport, mediaType: media, partitions: partitions, loopBackingFile: backing,
            mountPoints: mounts.mountPoints(major: major, minor: minor),
            holders: sysfs.entries("\(base)/holders"), busy: nil, refusals: [], sources: sources,
            nvmeNamespaceID: nsid, nvmeNGUID: nguid, nvmeEUI64: eui)
        descriptor.location = udev["ID_PATH"] ?? sysfs.resolved("\(base)/device") ?? (resolved.isEmpty ? nil : resolved)
        descriptor.udevInitialized = e.udevInitialized
        return descriptor
    }

    // MARK: - Safety

    /// Marks disks that back the running system (through partitions and device-mapper/md slaves)
    /// and disks with active swap. Stored as refusals; `assess` adds the rest.
    func markSystemAndSwap(_ devices: inout [DeviceDescriptor], mounts: MountTable, swaps: SwapTable) {
        // Which disk holds a given kernel name (the disk itself or one of its partitions)?
        func diskIndex(forName name: String) -> Int? {
            devices.firstIndex { $0.name == name || $0.partitions.contains { $0.name == name } }
        }
        func diskIndex(major: UInt32, minor: UInt32) -> Int? {
            devices.firstIndex { ($0.major == major && $0.minor == minor) || $0.partitions.contains { $0.major == major && $0.minor == minor } }
        }
        // The physical disks under a disk, following device-mapper/md `slaves/`.
        func underlying(_ index: Int, depth: Int = 0) -> Set<Int> {
            guard depth < 16 else { return [index] }
            var names = sysfs.entries("block/\(devices[index].name)/slaves")
            for p in devices[index].partitions { names += sysfs.entries("block/\(devices[index].name)/\(p.name)/slaves") }
            var out: Set<Int> = [index]
            for n in names { if let j = diskIndex(forName: n), j != index { out.formUnion(underlying(j, depth: depth + 1)) } }
            return out
        }

        var system: [Int: [String]] = [:]
        for m in mounts.systemMounts where m.major != 0 {
            guard let i = diskIndex(major: m.major, minor: m.minor) else { continue }
            for j in underlying(i) { system[j, default: []].append(m.mountPoint) }
        }
        for (i, points) in system {
            let list = Array(Set(points)).sorted().joined(separator: ", ")
            devices[i].refusals.append(Refusal(.systemDisk, detail: "backs the running system (\(list))",
                                               remedy: "boot the station from other media to sanitize this disk"))
        }

        for path in swaps.blockDevicePaths {
            let name = URL(fileURLWithPath: path).resolvingSymlinksInPath().lastPathComponent
            var index = diskIndex(forName: name)
            if index == nil, let st = try? SystemCall.fileStatus(path: path) {
                index = diskIndex(major: st.deviceMajor, minor: st.deviceMinor)
            }
            guard let i = index else { continue }
            if let p = devices[i].partitions.firstIndex(where: { $0.name == name }) { devices[i].partitions[p].isSwap = true }
            devices[i].refusals.append(Refusal(.swap, detail: "\(path) is active swap", remedy: "swapoff \(path)"))
        }
    }

    /// Marks the disk the live system booted from, when its init recorded one.
    func markBootMedium(_ devices: inout [DeviceDescriptor]) {
        guard let text = try? SystemCall.readText(path: bootMediumPath) else { return }
        let numbers = text.split(whereSeparator: \.isNewline).map { Self.parseDev(String($0).trimmingSpaces()) }.filter { $0 != (0, 0) }
        for i in devices.indices {
            let d = devices[i]
            let holds = numbers.contains { n in (d.major, d.minor) == n || d.partitions.contains { ($0.major, $0.minor) == n } }
            guard holds else { continue }
            devices[i].refusals.append(Refusal(.bootMedium, detail: "the stick this live system booted from (recorded in \(bootMediumPath))",
                                               remedy: "nothing to do: the boot medium is never wiped; retire the stick on a station if it must be sanitized"))
        }
    }

    /// Adds the remaining refusal reasons: mounted, held, read-only, logical, memory, empty, busy.
    func assess(_ d: inout DeviceDescriptor) {
        var mounted: [String] = d.mountPoints.map { "\(d.path) at \($0)" }
        for p in d.partitions { mounted += p.mountPoints.map { "\(p.path) at \($0)" } }
        if !mounted.isEmpty {
            d.refusals.append(Refusal(.mounted, detail: mounted.joined(separator: ", "),
                                      remedy: "unmount (umount) every filesystem on it"))
        }
        var held = d.holders.map { "\(d.name) by \($0)" }
        for p in d.partitions { held += p.holders.map { "\(p.name) by \($0)" } }
        if !held.isEmpty {
            d.refusals.append(Refusal(.held, detail: held.joined(separator: ", "),
                                      remedy: "deactivate the LVM/md/dm-crypt devices on it (vgchange -an, mdadm --stop, cryptsetup close)"))
        }
        if d.transport == .deviceMapper || d.transport == .md {
            d.refusals.append(Refusal(.logicalVolume, detail: "a \(d.transport.rawValue) logical device",
                                      remedy: "sanitize the physical disks underneath it"))
        }
        if d.transport == .ram || d.transport == .zram {
            d.refusals.append(Refusal(.memoryDevice, detail: "RAM-backed (\(d.transport.rawValue)): no persistent medium",
                                      remedy: "nothing to sanitize; it is erased at power-off"))
        }
        if d.size == .zero {
            d.refusals.append(Refusal(.empty, detail: "no medium or zero size",
                                      remedy: d.transport == .loop ? "attach a backing file (losetup)" : "insert the medium"))
        }
        if d.readOnly {
            d.refusals.append(Refusal(.readOnly, detail: "the kernel has it read-only",
                                      remedy: "clear the write protection (switch, or blockdev --setrw) and retry"))
        }
        let inUse: Set<RefusalReason> = [.mounted, .held, .swap, .systemDisk]
        if d.size > .zero, d.transport != .ram, d.transport != .zram {
            d.busy = probe.isBusy(path: d.path)
            if d.busy == true, !d.refusals.contains(where: { inUse.contains($0.reason) }) {
                d.refusals.append(Refusal(.busy, detail: "another program holds it open exclusively",
                                          remedy: "close the program using it (see `fuser -v \(d.path)`) and retry"))
            }
        }
    }

    // MARK: - Classification (pure functions, unit-tested)

    static func parseDev(_ text: String?) -> (UInt32, UInt32) {
        guard let parts = text?.split(separator: ":"), parts.count == 2,
              let a = UInt32(parts[0]), let b = UInt32(parts[1]) else { return (0, 0) }
        return (a, b)
    }

    /// The transport from the kernel name, the resolved sysfs path and udev's `ID_BUS`.
    public static func transport(name: String, resolvedPath: String, udev: UdevProperties) -> Transport {
        if name.hasPrefix("loop") { return .loop }
        if name.hasPrefix("zram") { return .zram }
        if name.hasPrefix("ram") { return .ram }
        if name.hasPrefix("dm-") { return .deviceMapper }
        if name.hasPrefix("md") { return .md }
        if name.hasPrefix("nvme") { return .nvme }
        if name.hasPrefix("mmcblk") { return .mmc }
        if udev["ID_BUS"] == "usb" || resolvedPath.contains("/usb") { return .usb }
        if name.hasPrefix("vd") { return .virtio }
        if resolvedPath.contains("/sas_") || resolvedPath.contains("/end_device-") { return .sas }
        if udev["ID_BUS"] == "ata" || resolvedPath.range(of: #"/ata[0-9]+/"#, options: .regularExpression) != nil { return .sata }
        if name.hasPrefix("sd") || name.hasPrefix("sr") { return .scsi }
        if name.hasPrefix("hd") { return .ata }
        return .unknown
    }

    /// The media type from the transport and the kernel's rotational and removable hints.
    public static func mediaType(transport: Transport, rotational: Bool?, removable: Bool?) -> MediaType {
        switch transport {
        case .nvme: return .nvme
        case .mmc: return .flash
        case .loop, .ram, .zram, .virtio, .deviceMapper, .md: return .virtual
        case .usb:
            if removable == true { return .flash }
            guard let rotational else { return .unknown }
            return rotational ? .hdd : .ssd
        case .sata, .ata, .scsi, .sas:
            guard let rotational else { return .unknown }
            return rotational ? .hdd : .ssd
        case .unknown: return .unknown
        }
    }

    /// The serial number from SCSI VPD page 80h (Unit Serial Number): a 4-byte header, then ASCII.
    public static func unitSerialNumber(vpdPage80 bytes: [UInt8]) -> String? {
        guard bytes.count >= 4, bytes[1] == 0x80 else { return nil }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        let end = min(bytes.count, 4 + length)
        guard end > 4 else { return nil }
        return DisplayString.sanitize(bytes: bytes[4..<end])
    }

    /// Orders names with embedded numbers naturally (`sda`, `sdb`, `loop2`, `loop10`).
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric]) == .orderedAscending
    }
}

extension DeviceInventory {
    /// The same inventory without the exclusive-open probe (for a device this process holds open).
    public var withoutExclusivityProbe: DeviceInventory {
        var copy = self
        copy.probe = NoExclusivityProbe()
        return copy
    }
}
