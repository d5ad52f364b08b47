import BlockIO
import StorageModel

/// SCSI/SAS health: LOG SENSE temperature (0Dh), start-stop cycle counter (0Eh), write and read
/// error counters (02h, 03h) and informational exceptions (2Fh), and the grown defect list
/// count from the READ DEFECT DATA header ((10), else (12)).
struct SCSIHealth {
    let path: String
    let at: String
    let transports: any FirmwareTransportFactory

    final class Session {
        let transport: any SCSITransport
        var commands: [FirmwareCommandRecord] = []
        var notes: [String] = []
        init(_ t: any SCSITransport) { transport = t }

        func data(_ cmd: SCSICommand) -> [UInt8]? {
            do {
                let r = try transport.execute(cmd)
                let response = r.isGood ? "GOOD, \(r.data.count) bytes" : r.transportFailed
                    ? "transport error (host status \(r.hostStatus), driver status \(r.driverStatus))"
                    : "SCSI status \(r.status)" + (r.senseData.map { "; sense \($0)" } ?? "")
                commands.append(FirmwareCommandRecord(name: cmd.name, encoding: cmd.description, response: response, accepted: r.isGood,
                                                      durationSeconds: r.durationSeconds))
                guard r.isGood else {
                    notes.append("\(cmd.name): not answered (\(response))")
                    return nil
                }
                return r.data
            } catch {
                commands.append(FirmwareCommandRecord(name: cmd.name, encoding: cmd.description, response: "\(error)", accepted: false,
                                                      durationSeconds: 0))
                notes.append("\(cmd.name): \(HealthReader.cannotQuery(error))")
                return nil
            }
        }

        func page(_ code: UInt8) -> SCSILogPage? {
            guard let b = data(.logSense(page: code)) else { return nil }
            do { return try SCSILogPage(b, expected: code) } catch {
                notes.append(error.description)
                return nil
            }
        }
    }

    func read() -> HealthReading {
        let transport: any SCSITransport
        do { transport = try transports.scsi(path) } catch {
            return HealthReading(status: .failed, reason: HealthReader.cannotQuery(error), readAt: at, interface: "scsi")
        }
        let s = Session(transport)
        var facts = HealthFacts()
        var statistics: [HealthStatistic] = []
        var decoded = 0

        if let p = s.page(0x0D) {
            decoded += 1
            facts.temperatureCelsius = p.temperatureCelsius
        }
        if let p = s.page(0x0E) {
            decoded += 1
            facts.startStopCycles = p.accumulatedStartStopCycles
            for (code, name) in [(UInt16(0x0003), "Specified Cycle Count Over Device Lifetime"), (0x0004, "Accumulated Start-Stop Cycles"),
                                 (0x0005, "Specified Load-Unload Count Over Device Lifetime"), (0x0006, "Accumulated Load-Unload Cycles")] {
                if let v = p.parameter(code)?.number {
                    statistics.append(HealthStatistic(source: "scsi-log-sense", page: 0x0E, location: code, name: name, value: v))
                }
            }
        }
        var uncorrected: [UInt64] = []
        for (code, direction) in [(UInt8(0x02), "write"), (0x03, "read")] {
            guard let p = s.page(code) else { continue }
            decoded += 1
            if let v = p.totalUncorrectedErrors { uncorrected.append(v) }
            for param in p.parameters {
                guard let name = SCSILogPage.errorCounterNames[param.code], let v = param.number else { continue }
                statistics.append(HealthStatistic(source: "scsi-log-sense", page: code, location: param.code, name: "\(direction): \(name)", value: v))
            }
        }
        if !uncorrected.isEmpty { facts.mediaErrors = uncorrected.reduce(0, &+) }
        if let p = s.page(0x2F) {
            decoded += 1
            if let ie = p.informationalException {
                if ie.asc == 0 { facts.overallStatus = .passed }
                else if ie.asc == 0x5D { facts.overallStatus = .failing }
                else { s.notes.append("informational exception ASC/ASCQ \(hex(ie.asc))/\(hex(ie.ascq)) (not a failure prediction; not recorded as a status)") }
            }
        }
        var header: SCSIDefectListHeader?
        if let b = s.data(.readGrownDefectHeader10()) {
            do { header = try SCSIDefectListHeader(b, twelveByte: false) } catch { s.notes.append(error.description) }
        }
        if header == nil, let b = s.data(.readGrownDefectHeader12()) {
            do { header = try SCSIDefectListHeader(b, twelveByte: true) } catch { s.notes.append(error.description) }
        }
        if let header {
            decoded += 1
            if let n = header.grownDefects { facts.grownDefects = n }
            else { s.notes.append("grown defect list: \(header.grownListValid ? "format \(header.format) has no fixed entry size" : "not returned (GLISTV clear)")") }
        }
        guard decoded > 0 else {
            return HealthReading(status: .failed, reason: "no log page or defect list could be read: " + s.notes.joined(separator: "; "),
                                 readAt: at, interface: "scsi", commands: s.commands)
        }
        return HealthReading(status: .read, readAt: at, interface: "scsi", commands: s.commands, facts: facts, statistics: statistics, notes: s.notes)
    }
}
