import BlockIO
import Fakes
import Foundation
import Health
import StorageModel
import Testing

/// Reading health over scripted transports: the commands sent (exact encodings), the facts
/// decoded, and what happens when the drive refuses, answers garbage or cannot be reached.
@Suite("Health reading over the firmware transports")
struct HealthReaderTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    func reader(_ t: any FirmwareTransportFactory) -> HealthReader { HealthReader(transports: t, now: { Self.at }) }

    static func nvmeLog() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 0x00; b[1] = 0x3F; b[2] = 0x01; b[3] = 100; b[4] = 10; b[5] = 3
        b[32] = 0x10; b[33] = 0x27; b[48] = 0x20; b[112] = 42; b[128] = 0xE8; b[129] = 0x03; b[144] = 7; b[160] = 0; b[176] = 1
        return b
    }

    @Test func nvmeReadsTheSMARTHealthLog() {
        let t = ScriptedTransports(nvme: { cmd in
            cmd.opcode == 0x02 && cmd.cdw10 == 0x007F_0002 && cmd.nsid == 0xFFFF_FFFF ? ScriptedTransports.nvmeOK(Self.nvmeLog())
                : ScriptedTransports.nvmeStatus(0x4002)
        })
        let r = reader(t).read(path: "/dev/nvme0n1", transport: .nvme)
        #expect(r.status == .read && r.interface == "nvme" && r.readAt == "2027-01-15T08:00:00Z")
        #expect(r.facts == HealthFacts(criticalWarning: 0, temperatureCelsius: 46, availableSparePercent: 100, availableSpareThresholdPercent: 10,
                                       percentageUsed: 3, powerOnHours: 1_000, powerCycles: 42, unsafeShutdowns: 7, mediaErrors: 0,
                                       errorLogEntries: 1, dataUnitsRead: 10_000, dataUnitsWritten: 32))
        #expect(t.trace == ["nvme 02 007F0002"])
        #expect(r.commands.count == 1 && r.commands[0].accepted && r.commands[0].encoding.contains("cdw10 0x007F0002"))
    }

    @Test func nvmeRejectedOrTruncatedIsAFailedReading() {
        let rejected = reader(ScriptedTransports(nvme: { _ in ScriptedTransports.nvmeStatus(0x4002) })).read(path: "/dev/nvme0n1", transport: .nvme)
        #expect(rejected.status == .failed && rejected.facts.isEmpty && rejected.commands.first?.accepted == false)
        #expect(rejected.reason?.contains("Invalid Field in Command") == true)
        let short = reader(ScriptedTransports(nvme: { _ in ScriptedTransports.nvmeOK(Array(Self.nvmeLog().prefix(100))) }))
            .read(path: "/dev/nvme0n1", transport: .nvme)
        #expect(short.status == .failed && short.reason == "NVMe SMART / Health Information log: truncated (100 bytes, 512 needed)")
    }

    static func smartData() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        let entries: [[UInt8]] = [[5, 0x33, 0, 100, 100, 2, 0, 0, 0, 0, 0], [9, 0x32, 0, 99, 99, 0x10, 0x27, 0, 0, 0, 0],
                                  [194, 0x22, 0, 70, 50, 30, 0, 0, 0, 0, 0], [197, 0x12, 0, 100, 100, 0, 0, 0, 0, 0, 0]]
        for (i, e) in entries.enumerated() { for (j, v) in e.enumerated() { b[2 + 12 * i + j] = v } }
        b[511] = 0 &- b[0..<511].reduce(UInt8(0), &+)
        return b
    }

    static func thresholds() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[2] = 5; b[3] = 36
        b[511] = 0 &- b[0..<511].reduce(UInt8(0), &+)
        return b
    }

    static func statistics(page: UInt8) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 1; b[2] = page
        func put(_ offset: Int, _ q: UInt64) { for i in 0..<8 { b[offset + i] = UInt8((q >> (8 * UInt64(i))) & 0xFF) } }
        switch page {
        case 0: b[8] = 3; b[9] = 0; b[10] = 1; b[11] = 5
        case 1: put(0x08, 0xC000_0000_0000_0033); put(0x10, 0xC000_0000_0000_2711); put(0x18, 0x8000_0000_0000_0001)
        case 5: put(0x08, 0xC000_0000_0000_00FB)   // −5 °C (signed byte)
        default: break
        }
        return b
    }

    /// An ATA drive behind a SATL answering the SMART and log commands.
    static func ataDrive(status lba: UInt64 = 0xC2_4F00) -> ScriptedTransports {
        ScriptedTransports(scsi: { cmd in
            let c = cmd.cdb
            guard c[0] == 0x85 else { return ScriptedATADrive.invalidOpcode }
            switch (c[14], c[4]) {
            case (0xB0, 0xD0): return ScriptedTransports.good(smartData())
            case (0xB0, 0xD1): return ScriptedTransports.good(thresholds())
            case (0xB0, 0xDA): return ScriptedTransports.ataRegisters(status: 0x50, lba: lba)
            case (0x2F, _) where c[8] == 0x04: return ScriptedTransports.good(statistics(page: c[10]))
            default: return ScriptedTransports.ataRegisters(status: 0x51, error: 0x04)
            }
        })
    }

    @Test func ataReadsSMARTDataThresholdsStatusAndDeviceStatistics() throws {
        let t = Self.ataDrive()
        let r = reader(t).read(path: "/dev/sda", transport: .sata)
        #expect(r.status == .read && r.interface == "ata" && r.notes.isEmpty, "\(r.notes)")
        #expect(t.trace == ["ata B0", "ata B0", "ata B0", "ata 2F", "ata 2F", "ata 2F"], "data, thresholds, status; statistics pages 0, 1, 5")
        #expect(r.facts.overallStatus == .passed && r.facts.reallocatedSectors == 2 && r.facts.pendingSectors == 0)
        #expect(r.facts.powerOnHours == 0x2711 && r.facts.powerCycles == 0x33, "Device Statistics win over the attributes")
        #expect(r.facts.temperatureCelsius == -5)
        let a5 = try #require(r.attributes.first { $0.id == 5 })
        #expect(a5.name == "Reallocated Sectors Count" && a5.threshold == 36 && a5.raw == "020000000000" && a5.rawValue == 2 && !a5.failingNow)
        #expect(r.attributes.first { $0.id == 9 }?.rawLayout == "raw32-low")
        #expect(r.attributes.first { $0.id == 194 }?.threshold == nil, "no threshold entry for 194")
        #expect(r.statistics.map(\.name) == ["Lifetime Power-On Resets", "Power-on Hours", "Current Temperature"], "the invalid 0x18 is left out")
        #expect(r.commands.map(\.name).prefix(3) == ["SMART READ DATA", "SMART READ THRESHOLDS", "SMART RETURN STATUS"])
    }

    @Test func ataThresholdExceededIsFailing() {
        #expect(reader(Self.ataDrive(status: 0x2C_F400)).read(path: "/dev/sda", transport: .sata).facts.overallStatus == .failing)
        let odd = reader(Self.ataDrive(status: 0)).read(path: "/dev/sda", transport: .sata)
        #expect(odd.facts.overallStatus == nil && odd.notes.contains { $0.contains("neither answer") })
    }

    @Test func ataStatusWithoutRegistersIsNotObserved() {
        let t = ScriptedTransports(scsi: Self.ataDrive().scsiAnswer, ataSuccess: .noSense)
        let r = reader(t).read(path: "/dev/sda", transport: .sata)
        #expect(r.status == .read && r.facts.overallStatus == nil && r.notes.contains { $0.contains("no registers") })
    }

    @Test func ataDriveWithoutSMARTIsAFailedReading() {
        let t = ScriptedTransports(scsi: { _ in ScriptedTransports.ataRegisters(status: 0x51, error: 0x04) })
        let r = reader(t).read(path: "/dev/sda", transport: .sata)
        #expect(r.status == .failed && r.facts.isEmpty && r.attributes.isEmpty && r.commands.count == 3)
        #expect(r.reason?.hasPrefix("no SMART data, status or device statistics could be read") == true)
    }

    static func logPage(_ page: UInt8, _ params: [(UInt16, [UInt8])]) -> [UInt8] {
        var body: [UInt8] = []
        for (code, value) in params { body += [UInt8(code >> 8), UInt8(code & 0xFF), 0x03, UInt8(value.count)] + value }
        return [page, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }

    @Test func scsiReadsLogPagesAndTheGrownDefectList() {
        let t = ScriptedTransports(scsi: { cmd in
            switch cmd.cdb[0] {
            case 0x4D:
                switch cmd.cdb[2] & 0x3F {
                case 0x0D: return ScriptedTransports.good(Self.logPage(0x0D, [(0, [0, 40]), (1, [0, 65])]))
                case 0x0E: return ScriptedTransports.good(Self.logPage(0x0E, [(4, [0, 0, 1, 0])]))
                case 0x02: return ScriptedTransports.good(Self.logPage(0x02, [(6, [1])]))
                case 0x03: return ScriptedTransports.good(Self.logPage(0x03, [(6, [0, 2]), (5, [0, 0, 0x10, 0])]))
                default: return ScriptedATADrive.invalidOpcode
                }
            case 0x37: return ScriptedTransports.good([0, 0x0C, 0, 0x18])
            default: return ScriptedATADrive.invalidOpcode
            }
        })
        let r = reader(t).read(path: "/dev/sdb", transport: .sas)
        #expect(r.status == .read && r.interface == "scsi")
        #expect(r.facts == HealthFacts(temperatureCelsius: 40, mediaErrors: 3, startStopCycles: 256, grownDefects: 3))
        #expect(t.trace == ["scsi 4D", "scsi 4D", "scsi 4D", "scsi 4D", "scsi 4D", "scsi 37"])
        #expect(r.notes.count == 1 && r.notes[0].hasPrefix("LOG SENSE (page 0x2F): not answered"), "\(r.notes)")
        #expect(r.statistics.contains(HealthStatistic(source: "scsi-log-sense", page: 3, location: 5, name: "read: total bytes processed", value: 4096)))
    }

    @Test func scsiFallsBackToReadDefectData12() {
        let t = ScriptedTransports(scsi: { cmd in
            cmd.cdb[0] == 0xB7 ? ScriptedTransports.good([0, 0x0C, 0, 0, 0, 0, 0, 0x10]) : ScriptedATADrive.invalidOpcode
        })
        let r = reader(t).read(path: "/dev/sdb", transport: .scsi)
        #expect(r.status == .read && r.facts == HealthFacts(grownDefects: 2))
    }

    @Test func virtualAndBridgedDevicesHaveNoHealthAndNothingIsSent() {
        let t = ScriptedTransports()
        for transport in [Transport.loop, .virtio, .deviceMapper, .md, .ram, .zram, .usb, .mmc, .unknown] {
            let r = reader(t).read(path: "/dev/x", transport: transport)
            #expect(r.status == .notAvailable && r.reason != nil && r.facts.isEmpty, "\(transport)")
        }
        #expect(t.trace.isEmpty)
        #expect(reader(t).read(path: "/dev/loop0", transport: .loop).reason == "loop device: virtual, no drive firmware holds health data")
    }

    struct Refusing: FirmwareTransportFactory {
        func nvme(_ path: String) throws(Errno) -> (any NVMeAdminTransport, namespace: UInt32) { throw Errno.accessDenied }
        func scsi(_ path: String) throws(Errno) -> any SCSITransport { throw Errno.accessDenied }
    }

    @Test func noPermissionIsAFailedReadingWithTheRemedy() {
        for transport in [Transport.nvme, .sata, .scsi] {
            let r = reader(Refusing()).read(path: "/dev/x", transport: transport)
            #expect(r.status == .failed && r.reason == "not permitted to query the drive (run as root)", "\(transport)")
        }
    }
}
