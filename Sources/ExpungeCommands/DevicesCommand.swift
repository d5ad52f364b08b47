import ArgumentParser
import Devices
import Foundation
import Glibc
import Health
import Sanitization
import Station
import StorageModel

/// `expunge devices`: the attached disks, what they are, and whether Expunge will wipe them.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List attached block devices and whether they may be wiped.",
        discussion: """
        Discovers whole disks through libudev (sysfs when udevd is not running) and shows model, \
        serial, size, sector sizes, transport and media type. A device is refused, with the reason \
        and a remedy, when it is mounted, held by LVM/md/dm, active swap, backs the running system, \
        is read-only, or is busy. Zero-size and RAM devices are hidden unless --all is given. \
        Run as root to detect busy devices (exclusive-open probe) and to read each drive's health: \
        the HEALTH column shows its reuse grade (reuse, caution, no-reuse), n/a where the device has \
        no health data (loop, virtual, USB-bridged), failed where reading it failed, ? when not root \
        (details: `expunge health DEVICE`).
        """
    )

    @Flag(name: .long, help: "Print JSON (schema: Docs/schemas/devices.schema.json).")
    var json = false

    @Flag(name: .long, help: "Include zero-size devices, unattached loop devices and RAM disks.")
    var all = false

    @Flag(name: .long, help: "Every column (MAJ:MIN, sector sizes, refusal reasons, purge techniques with why not); the default fits 80 columns.")
    var long = false

    @Argument(help: "Show only these devices (paths such as /dev/sdb or /dev/disk/by-id/…).")
    var paths: [String] = []

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let snapshot = try global.environment().inventory.scan()
        var listed: [DeviceDescriptor]
        if paths.isEmpty {
            listed = snapshot.listed(all: all)
        } else {
            listed = []
            for p in paths { listed.append(try snapshot.device(named: p)) }
        }
        // Firmware capabilities need root (IDENTIFY through SG_IO / NVMe admin): read-only queries.
        let probe = PurgeCapabilityProbe()
        let purge: [String: PurgeCapabilities] = geteuid() == 0
            ? Dictionary(uniqueKeysWithValues: listed.filter { $0.size > .zero }.map { ($0.path, probe.probe(path: $0.path, transport: $0.transport, media: $0.mediaType)) })
            : [:]
        // Health needs root too (SMART and log pages through the same transports); read-only.
        var health: [String: ListedHealth] = [:]
        if geteuid() == 0 {
            let check = try global.environment().loadHealthCheck()
            let grader = HealthGrader(rules: check.rules)
            for d in listed where d.size > .zero {
                let reading = check.reader.read(path: d.path, transport: d.transport)
                let (grade, reasons) = grader.grade(reading)
                health[d.path] = ListedHealth(grade: grade, reasons: reasons, status: reading.status, reason: reading.reason)
            }
        }
        if json {
            Console.out(try PrettyJSON.encode(DeviceListDocument(snapshot: snapshot, devices: listed.map {
                ListedDevice(descriptor: $0, purge: purge[$0.path], health: health[$0.path])
            })))
        } else {
            Console.out(long ? Self.table(listed, source: snapshot.identitySource, purge: purge, probed: geteuid() == 0, health: health)
                             : Self.shortTable(listed, source: snapshot.identitySource, purge: purge, health: health))
        }
    }

    /// The default listing, within 80 columns: model and serial cut to fit, `refused` with the
    /// reasons under the table, purge techniques without the reason a technique is missing.
    static func shortTable(_ devices: [DeviceDescriptor], source: FactSource, purge: [String: PurgeCapabilities] = [:],
                           health: [String: ListedHealth] = [:]) -> String {
        if devices.isEmpty { return "No block devices found (use --all to include empty and RAM devices)." }
        func cut(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
        var t = TextTable(headers: [" ", "DEVICE", "SIZE", "TYPE", "MODEL", "SERIAL", "WIPE", "PURGE", "HEALTH"])
        for d in devices {
            let ok = d.isWipeable
            let techniques = purge[d.path].map { $0.available.isEmpty ? "none" : $0.available.map(\.rawValue).joined(separator: ",") } ?? "?"
            let style: (String) -> String = ok ? { Console.green($0) } : { Console.red($0) }
            t.add([ok ? "✔" : "✘", cut(d.path, 14), d.size.binaryDescription, cut("\(d.transport.rawValue)/\(d.mediaType.rawValue)", 12),
                   cut(d.model ?? "unknown", 12), cut(d.serial ?? "unknown", 11), ok ? "ok" : "refused", cut(techniques, 9),
                   health[d.path]?.column ?? "?"], style: style)
            for (i, p) in d.partitions.enumerated() {
                let branch = i == d.partitions.count - 1 ? "└─" : "├─"
                var notes: [String] = p.mountPoints.map { "at \($0)" }
                if !p.holders.isEmpty { notes.append("held") }
                if p.isSwap { notes.append("swap") }
                t.add([" ", cut("  \(branch)\(p.name)", 14), p.size.binaryDescription, "", "", "", cut(notes.joined(separator: ", "), 16), "", ""])
            }
        }
        var lines = [t.render()]
        let details = devices.filter { !$0.isWipeable }
        if !details.isEmpty {
            lines.append("")
            for d in details { for r in d.refusals { lines.append("\(d.path): \(r.reason.rawValue): \(r.remedy)") } }
        }
        lines.append("")
        lines.append("--long: every column, refusal details and why a purge technique is missing.")
        if source == .sysfs { lines.append("Identity from sysfs (udevd is not running).") }
        return lines.joined(separator: "\n")
    }

    static func table(_ devices: [DeviceDescriptor], source: FactSource, purge: [String: PurgeCapabilities] = [:], probed: Bool = false,
                      health: [String: ListedHealth] = [:]) -> String {
        if devices.isEmpty { return "No block devices found (use --all to include empty and RAM devices)." }
        var t = TextTable(headers: [" ", "DEVICE", "MAJ:MIN", "SIZE", "SECTOR", "TRAN", "MEDIA", "MODEL", "SERIAL", "WIPE", "HEALTH", "PURGE"])
        for d in devices {
            let ok = d.isWipeable
            let status = ok ? "ok" : "refused: " + d.refusals.map(\.reason.rawValue).joined(separator: ", ")
            let cells: [String] = [ok ? "✔" : "✘", d.path, "\(d.major):\(d.minor)", d.size.binaryDescription,
                                   "\(d.logicalSectorSize.bytes)/\(d.physicalSectorSize.bytes)", d.transport.rawValue,
                                   d.mediaType.rawValue, d.model ?? "unknown", d.serial ?? "unknown", status,
                                   health[d.path]?.long ?? (probed ? "-" : "unknown (run as root)"),
                                   purge[d.path]?.summary ?? (probed ? "-" : "unknown (run as root)")]
            let style: (String) -> String = ok ? { Console.green($0) } : { Console.red($0) }
            t.add(cells, style: style)
            for (i, p) in d.partitions.enumerated() {
                let branch = i == d.partitions.count - 1 ? "└─" : "├─"
                var notes: [String] = p.mountPoints.map { "mounted at \($0)" }
                if !p.holders.isEmpty { notes.append("held by " + p.holders.joined(separator: ", ")) }
                if p.isSwap { notes.append("swap") }
                t.add([" ", "  \(branch)\(p.name)", "\(p.major):\(p.minor)", p.size.binaryDescription, "", "", "", "", "",
                       notes.joined(separator: "; "), "", ""])
            }
        }
        var lines = [t.render()]
        let details = devices.filter { !$0.isWipeable || $0.loopBackingFile != nil }
        if !details.isEmpty {
            lines.append("")
            for d in details {
                if let backing = d.loopBackingFile { lines.append("\(d.path): backing file \(backing)") }
                for r in d.refusals { lines.append("\(d.path): \(r.reason.rawValue): \(r.detail) — \(r.remedy)") }
            }
        }
        if source == .sysfs {
            lines.append("")
            lines.append("Identity read from sysfs (udevd is not running); unknown facts are shown as unknown.")
        }
        return lines.joined(separator: "\n")
    }
}

/// The `devices --json` document. Versioned: fields are only added within a schema version.
struct DeviceListDocument: Encodable {
    let schemaVersion = 1
    let tool = "expunge"
    let toolVersion = Expunge.version
    let generatedAt: String
    let identitySource: FactSource
    let devices: [ListedDevice]

    init(snapshot: InventorySnapshot, devices: [ListedDevice]) {
        generatedAt = Timestamp.rfc3339(Date())
        identitySource = snapshot.identitySource
        self.devices = devices
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case tool
        case toolVersion = "tool_version"
        case generatedAt = "generated_at"
        case identitySource = "identity_source"
        case devices
    }
}

/// A device in `devices --json`: the descriptor's fields, `purge` and `health` (null when not
/// probed: not root).
struct ListedDevice: Encodable {
    let descriptor: DeviceDescriptor
    let purge: PurgeCapabilities?
    var health: ListedHealth?

    enum Keys: String, CodingKey { case purge, health }

    func encode(to encoder: any Encoder) throws {
        try descriptor.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(purge, forKey: .purge)
        try c.encode(health, forKey: .health)
    }
}

/// A device's health in `expunge devices`: the grade and its reasons, or why there is none.
struct ListedHealth: Encodable {
    let grade: HealthGrade?
    let reasons: [HealthReason]
    let status: HealthReading.Status
    let reason: String?

    enum CodingKeys: String, CodingKey { case grade, reasons, status, reason }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(grade, forKey: .grade)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
    }

    /// The short table's HEALTH cell (8 characters at most).
    var column: String {
        switch (grade, status) {
        case (.reuse?, _): "reuse"
        case (.reuseWithCaution?, _): "caution"
        case (.doNotReuse?, _): "no-reuse"
        case (nil, .notAvailable): "n/a"
        case (nil, .failed): "failed"
        case (nil, .read): "?"
        }
    }

    /// The long table's HEALTH cell: the grade with its reasons' codes.
    var long: String {
        guard let grade else { return column }
        return reasons.isEmpty ? grade.rawValue : grade.rawValue + " (" + reasons.map(\.code).joined(separator: ", ") + ")"
    }
}
