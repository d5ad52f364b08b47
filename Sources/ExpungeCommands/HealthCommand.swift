import ArgumentParser
import BlockIO
import Devices
import Foundation
import Health
import Station
import StorageModel

/// `expunge health DEVICE…`: each drive's health as the drive reports it, and the reuse grade the
/// station's rules give it.
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Read drives' health (NVMe SMART log, ATA SMART and Device Statistics, SCSI log pages) and grade them for reuse.",
        discussion: """
        Read-only: sends the health queries of each drive's interface (NVMe Get Log Page 02h; ATA \
        SMART READ DATA, READ THRESHOLDS, RETURN STATUS and READ LOG EXT 04h through ATA \
        PASS-THROUGH; SCSI LOG SENSE 0Dh, 0Eh, 02h, 03h, 2Fh and READ DEFECT DATA) and grades the \
        drive reuse, reuse-with-caution or do-not-reuse with the rules in \
        $EXPUNGE_HOME/health-rules.json (else the built-in rules; see Docs/technician.md, "Drive \
        health"). Needs root. Loop, virtual and USB-bridged devices have no health data: shown as \
        not available, never estimated. Exit status 1 when a reading failed.
        """
    )

    @Flag(name: .long, help: "Print JSON (schema: Docs/schemas/health.schema.json).")
    var json = false

    @Argument(help: "The devices (paths such as /dev/sda or /dev/disk/by-id/…).")
    var paths: [String]

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one device, e.g. `expunge health /dev/sda` (list them with `expunge devices`)") }
    }

    func run() throws {
        let environment = global.environment(probeExclusivity: false)
        let snapshot = try environment.inventory.scan()
        let devices = try paths.map { try snapshot.device(named: $0) }
        let check = try environment.loadHealthCheck()
        let grader = HealthGrader(rules: check.rules)
        let entries = devices.map { d -> HealthEntry in
            let reading = check.reader.read(path: d.path, transport: d.transport)
            let (grade, reasons) = grader.grade(reading)
            return HealthEntry(device: d.path, model: d.model, serial: d.serial, transport: d.transport, grade: grade, reasons: reasons, reading: reading)
        }
        if json {
            Console.out(try PrettyJSON.encode(HealthDocument(rules: check.info, devices: entries)))
        } else {
            Console.out(entries.map { Self.text($0, rules: check.info) }.joined(separator: "\n\n"))
        }
        let failed = entries.filter { $0.reading.status == .failed }
        if !failed.isEmpty {
            if !json { Console.err("expunge: health could not be read from " + failed.map(\.device).joined(separator: ", ")) }
            throw ExitCode(ExitStatus.failed.rawValue)
        }
    }

    static func text(_ e: HealthEntry, rules: HealthRecord.Rules) -> String {
        let r = e.reading
        var lines = ["\(e.device)  \(e.model ?? "unknown model")  serial \(e.serial ?? "unknown")  \(r.interface ?? e.transport.rawValue)"]
        switch r.status {
        case .read:
            lines.append("  grade: \(e.grade?.rawValue ?? "not graded") (rules \(rules.version), \(rules.source))")
        case .notAvailable:
            lines.append("  health: not available: \(r.reason ?? "")")
        case .failed:
            lines.append("  health: could not be read: \(r.reason ?? "")")
        }
        for reason in e.reasons { lines.append("    \(reason.grade.rawValue): \(reason.message)") }
        let f = r.facts
        let facts: [(String, String?)] = [
            ("overall status", f.overallStatus?.rawValue),
            ("critical warning", f.criticalWarning.map { hex($0) }),
            ("temperature", f.temperatureCelsius.map { "\($0) °C" }),
            ("available spare", f.availableSparePercent.map { "\($0) % (threshold \(f.availableSpareThresholdPercent.map(String.init) ?? "?") %)" }),
            ("percentage used", f.percentageUsed.map { "\($0) %" }),
            ("power-on hours", f.powerOnHours.map(String.init)),
            ("power cycles", f.powerCycles.map(String.init)),
            ("unsafe shutdowns", f.unsafeShutdowns.map(String.init)),
            ("media errors", f.mediaErrors.map(String.init)),
            ("error log entries", f.errorLogEntries.map(String.init)),
            ("data units read", f.dataUnitsRead.map { "\($0) (× 512,000 bytes)" }),
            ("data units written", f.dataUnitsWritten.map { "\($0) (× 512,000 bytes)" }),
            ("reallocated sectors", f.reallocatedSectors.map(String.init)),
            ("reallocation events", f.reallocationEvents.map(String.init)),
            ("pending sectors", f.pendingSectors.map(String.init)),
            ("offline uncorrectable", f.offlineUncorrectable.map(String.init)),
            ("interface CRC errors", f.interfaceCRCErrors.map(String.init)),
            ("start-stop cycles", f.startStopCycles.map(String.init)),
            ("grown defects", f.grownDefects.map(String.init)),
        ]
        for (name, value) in facts { if let value { lines.append("  \(name): \(value)") } }
        if !r.attributes.isEmpty {
            lines.append("  SMART attributes (ID, name, current/worst/threshold, raw bytes, decoded raw):")
            for a in r.attributes {
                let value = a.rawValue.map { "\($0) (\(a.rawLayout))" } ?? "vendor-specific"
                lines.append("    \(String(a.id).leftPadded(3)) \((a.name ?? "unknown").padded(34)) \(a.current)/\(a.worst)/\(a.threshold.map(String.init) ?? "-")"
                             + "  \(a.raw)  \(value)\(a.failingNow ? "  FAILING NOW" : "")")
            }
        }
        if !r.statistics.isEmpty {
            lines.append("  statistics:")
            for s in r.statistics { lines.append("    \(s.name): \(s.value)") }
        }
        for n in r.notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }
}

/// One drive in `expunge health --json`.
struct HealthEntry: Encodable {
    let device: String
    let model: String?
    let serial: String?
    let transport: Transport
    let grade: HealthGrade?
    let reasons: [HealthReason]
    let reading: HealthReading

    enum CodingKeys: String, CodingKey { case device, model, serial, transport, grade, reasons, reading }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(device, forKey: .device)
        try c.encode(model, forKey: .model)
        try c.encode(serial, forKey: .serial)
        try c.encode(transport, forKey: .transport)
        try c.encode(grade, forKey: .grade)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(reading, forKey: .reading)
    }
}

/// The `expunge health --json` document.
struct HealthDocument: Encodable {
    let schemaVersion = 1
    let generatedAt = Timestamp.rfc3339(Date())
    let rules: HealthRecord.Rules
    let devices: [HealthEntry]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
        case rules, devices
    }
}

fileprivate extension String {
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
