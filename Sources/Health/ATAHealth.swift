import BlockIO
import StorageModel

/// ATA health through ATA PASS-THROUGH (SAT): SMART READ DATA and READ THRESHOLDS, SMART RETURN
/// STATUS, and the Device Statistics log (04h) pages Expunge knows where the drive supports them.
struct ATAHealth {
    let path: String
    let at: String
    let transports: any FirmwareTransportFactory

    /// The Device Statistics Expunge records (ACS-4 §9.5): page, byte offset, name.
    static let statistics: [(page: UInt8, offset: Int, name: String)] = [
        (1, 0x08, "Lifetime Power-On Resets"), (1, 0x10, "Power-on Hours"), (1, 0x18, "Logical Sectors Written"),
        (1, 0x20, "Number of Write Commands"), (1, 0x28, "Logical Sectors Read"), (1, 0x30, "Number of Read Commands"),
        (4, 0x08, "Number of Reported Uncorrectable Errors"), (4, 0x10, "Resets Between Command Acceptance and Command Completion"),
        (5, 0x08, "Current Temperature"), (7, 0x08, "Percentage Used Endurance Indicator"),
    ]

    final class Session {
        let transport: any SCSITransport
        var commands: [FirmwareCommandRecord] = []
        var notes: [String] = []
        init(_ t: any SCSITransport) { transport = t }

        /// Sends `cmd`; the reply, or nil when the transport failed (noted).
        func send(_ cmd: ATACommand) -> ATAPassThroughReply? {
            do {
                let r = try transport.execute(cmd.scsi)
                let reply = ATAPassThroughReply(r)
                commands.append(FirmwareCommandRecord(name: cmd.name, encoding: cmd.description, response: reply.summary,
                                                      accepted: reply.succeeded, durationSeconds: r.durationSeconds))
                return reply
            } catch {
                commands.append(FirmwareCommandRecord(name: cmd.name, encoding: cmd.description, response: "\(error)", accepted: false,
                                                      durationSeconds: 0))
                notes.append("\(cmd.name): \(HealthReader.cannotQuery(error))")
                return nil
            }
        }

        /// The data of a PIO-in command that succeeded, else nil (noted).
        func data(_ cmd: ATACommand) -> [UInt8]? {
            guard let reply = send(cmd) else { return nil }
            guard reply.succeeded else {
                notes.append("\(cmd.name): not answered (\(reply.summary))")
                return nil
            }
            return reply.result.data
        }
    }

    func read() -> HealthReading {
        let transport: any SCSITransport
        do { transport = try transports.scsi(path) } catch {
            return HealthReading(status: .failed, reason: HealthReader.cannotQuery(error), readAt: at, interface: "ata")
        }
        let s = Session(transport)
        var facts = HealthFacts()
        var attributes: [HealthAttribute] = []
        var statistics: [HealthStatistic] = []
        var decoded = 0

        // SMART READ DATA, with the thresholds when the drive gives them.
        var smart: ATASMARTData?
        if let bytes = s.data(.smartReadData()) {
            do {
                let data = try ATASMARTData(bytes)
                smart = data
                decoded += 1
                if !data.checksumValid { s.notes.append("SMART READ DATA: checksum byte does not match (data kept as reported)") }
            } catch { s.notes.append(error.description) }
        }
        if let smart {
            var thresholds: [UInt8: UInt8]?
            if let bytes = s.data(.smartReadThresholds()) {
                do { thresholds = try ATASMARTThresholds(bytes).thresholds } catch { s.notes.append(error.description) }
            }
            attributes = smart.attributes.map { ATAAttributeCatalog.record($0, threshold: thresholds?[$0.id]) }
            func raw(_ id: UInt8) -> UInt64? { attributes.first { $0.id == id }?.rawValue }
            facts.reallocatedSectors = raw(5)
            facts.reallocationEvents = raw(196)
            facts.pendingSectors = raw(197)
            facts.offlineUncorrectable = raw(198)
            facts.interfaceCRCErrors = raw(199)
            facts.mediaErrors = raw(187)
            facts.powerOnHours = raw(9)
            facts.powerCycles = raw(12)
            facts.startStopCycles = raw(4)
            facts.temperatureCelsius = (raw(194) ?? raw(190)).map { Int($0) }
        }

        // SMART RETURN STATUS: the drive's own verdict, from the registers.
        if let reply = s.send(.smartReturnStatus()) {
            switch (reply.succeeded, ATASMARTStatus(reply.registers)) {
            case (true, .passed?): facts.overallStatus = .passed; decoded += 1
            case (true, .thresholdExceeded?): facts.overallStatus = .failing; decoded += 1
            case (true, .unrecognized(let mid, let high)?):
                s.notes.append("SMART RETURN STATUS: LBA mid/high \(hex(mid))/\(hex(high)) is neither answer (not recorded)")
            case (true, nil): s.notes.append("SMART RETURN STATUS: the SATL returned no registers (status not observed)")
            case (false, _): s.notes.append("SMART RETURN STATUS: not answered (\(reply.summary))")
            }
        }

        // Device Statistics (log 04h): the supported page list first.
        var pages: [UInt8: ATADeviceStatisticsPage] = [:]
        if let bytes = s.data(.readLogExt(address: 0x04, page: 0)) {
            do {
                let supported = Set(try ATADeviceStatisticsPage(bytes, expected: 0).supportedPages)
                for page in Set(Self.statistics.map(\.page)).sorted() where supported.contains(page) {
                    guard let b = s.data(.readLogExt(address: 0x04, page: UInt16(page))) else { continue }
                    do { pages[page] = try ATADeviceStatisticsPage(b, expected: page) } catch { s.notes.append(error.description) }
                }
            } catch { s.notes.append(error.description) }
        }
        for (page, offset, name) in Self.statistics {
            guard let stat = pages[page]?.statistic(at: offset), stat.valid else { continue }
            statistics.append(HealthStatistic(source: "ata-device-statistics", page: page, location: UInt16(offset), name: name, value: stat.value))
            switch (page, offset) {
            case (1, 0x08): facts.powerCycles = stat.value
            case (1, 0x10): facts.powerOnHours = stat.value
            case (4, 0x08): facts.mediaErrors = stat.value
            case (5, 0x08): facts.temperatureCelsius = Int(Int8(truncatingIfNeeded: stat.value))
            case (7, 0x08): facts.percentageUsed = Int(stat.value & 0xFF)
            default: break
            }
        }
        if !pages.isEmpty { decoded += 1 }

        guard decoded > 0 else {
            return HealthReading(status: .failed, reason: "no SMART data, status or device statistics could be read: " + s.notes.joined(separator: "; "),
                                 readAt: at, interface: "ata", commands: s.commands)
        }
        return HealthReading(status: .read, readAt: at, interface: "ata", commands: s.commands, facts: facts, attributes: attributes,
                             statistics: statistics, notes: s.notes)
    }
}
