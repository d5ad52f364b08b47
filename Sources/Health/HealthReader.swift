import BlockIO
import Foundation
import StorageModel

/// Reads a drive's health over the firmware transports, without shelling out: the NVMe SMART /
/// Health Information log; ATA SMART READ DATA, READ THRESHOLDS, RETURN STATUS and the Device
/// Statistics log through ATA PASS-THROUGH; SCSI LOG SENSE (temperature, start-stop cycles,
/// error counters, informational exceptions) and the grown defect list header. Read-only: it
/// never changes the device. Every command is recorded with its answer; what the drive did not
/// report stays null.
public struct HealthReader: Sendable {
    public let transports: any FirmwareTransportFactory
    public let now: @Sendable () -> Date

    public init(transports: any FirmwareTransportFactory = LinuxFirmwareTransports(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.transports = transports
        self.now = now
    }

    /// The reading of the device node `path` attached by `transport`. Never throws: a device
    /// without health data is `not-available`, a failed read is `failed`, each with its reason.
    public func read(path: String, transport: Transport) -> HealthReading {
        let at = Timestamp.rfc3339(now())
        switch transport {
        case .nvme: return NVMeHealth(reader: self, path: path, at: at).read()
        case .sata, .ata: return ATAHealth(path: path, at: at, transports: transports).read()
        case .scsi, .sas: return SCSIHealth(path: path, at: at, transports: transports).read()
        case .usb:
            return .notAvailable("behind a USB bridge: health commands are not passed through reliably", at: at)
        case .loop, .ram, .zram, .virtio, .deviceMapper, .md:
            return .notAvailable("\(transport.rawValue) device: virtual, no drive firmware holds health data", at: at)
        case .mmc, .unknown:
            return .notAvailable("no health interface Expunge reads for \(transport.rawValue) devices", at: at)
        }
    }

    static func cannotQuery(_ e: Errno) -> String {
        e == .notPermitted || e == .accessDenied ? "not permitted to query the drive (run as root)" : "cannot query the drive: \(e)"
    }
}

/// The NVMe SMART / Health Information log, controller-wide.
struct NVMeHealth {
    let reader: HealthReader
    let path: String
    let at: String

    func read() -> HealthReading {
        let nvme: any NVMeAdminTransport
        do { (nvme, _) = try reader.transports.nvme(path) } catch {
            return HealthReading(status: .failed, reason: HealthReader.cannotQuery(error), readAt: at, interface: "nvme")
        }
        let command = NVMeAdminCommand.smartHealthLog()
        let completion: NVMeCompletion
        do { completion = try nvme.submit(command) } catch {
            return HealthReading(status: .failed, reason: "\(command.name): \(HealthReader.cannotQuery(error))", readAt: at, interface: "nvme",
                                 commands: [FirmwareCommandRecord(name: command.name, encoding: command.description, response: "\(error)",
                                                                  accepted: false, durationSeconds: 0)])
        }
        let record = FirmwareCommandRecord(name: command.name, encoding: command.description, response: completion.status.description,
                                           accepted: completion.status.isSuccess, durationSeconds: completion.durationSeconds)
        guard completion.status.isSuccess else {
            return HealthReading(status: .failed, reason: "the controller rejected \(command.name): \(completion.status)", readAt: at,
                                 interface: "nvme", commands: [record])
        }
        let log: NVMeSMARTHealthLog
        do { log = try NVMeSMARTHealthLog(completion.data) } catch {
            return HealthReading(status: .failed, reason: error.description, readAt: at, interface: "nvme", commands: [record])
        }
        var notes: [String] = []
        func counter(_ v: UInt128, _ name: String) -> UInt64? {
            if let x = UInt64(exactly: v) { return x }
            notes.append("\(name) exceeds 2^64 − 1 and is not recorded (\(v))")
            return nil
        }
        let facts = HealthFacts(
            criticalWarning: log.criticalWarning, temperatureCelsius: log.compositeTemperatureCelsius,
            availableSparePercent: Int(log.availableSpare), availableSpareThresholdPercent: Int(log.availableSpareThreshold),
            percentageUsed: Int(log.percentageUsed), powerOnHours: counter(log.powerOnHours, "power-on hours"),
            powerCycles: counter(log.powerCycles, "power cycles"), unsafeShutdowns: counter(log.unsafeShutdowns, "unsafe shutdowns"),
            mediaErrors: counter(log.mediaErrors, "media and data integrity errors"),
            errorLogEntries: counter(log.errorLogEntries, "error log entries"),
            dataUnitsRead: counter(log.dataUnitsRead, "data units read"), dataUnitsWritten: counter(log.dataUnitsWritten, "data units written"))
        return HealthReading(status: .read, readAt: at, interface: "nvme", commands: [record], facts: facts, notes: notes)
    }
}
