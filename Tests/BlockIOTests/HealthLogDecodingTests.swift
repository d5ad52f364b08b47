import BlockIO
import Testing

/// Health logs decoded byte for byte from fixtures built at the offsets of the specifications
/// (NVMe Base 2.0c §5.16.1.3; ACS-3 §7.44 and SFF-8035i; ACS-4 §9.5; SPC-4 §7.3; SBC-3 §5.12),
/// including truncated and malformed ones: a decoder throws a typed error, never reads past the
/// end and never guesses.
@Suite("Health log decoders")
struct HealthLogDecodingTests {
    func hex(_ bytes: [UInt8]) -> String {
        bytes.map { let s = String($0, radix: 16, uppercase: true); return s.count == 1 ? "0" + s : s }.joined(separator: " ")
    }

    // MARK: encodings

    @Test func healthCommandEncodings() {
        let log = NVMeAdminCommand.smartHealthLog()
        #expect(log.opcode == 0x02 && log.nsid == 0xFFFF_FFFF && log.cdw10 == 0x007F_0002 && log.dataLength == 512)
        #expect(hex(ATACommand.smartReadData().cdb) == "85 08 0E 00 D0 00 01 00 00 00 4F 00 C2 40 B0 00")
        #expect(hex(ATACommand.smartReadThresholds().cdb) == "85 08 0E 00 D1 00 01 00 00 00 4F 00 C2 40 B0 00")
        #expect(hex(ATACommand.smartReturnStatus().cdb) == "85 06 20 00 DA 00 00 00 00 00 4F 00 C2 40 B0 00")
        #expect(hex(ATACommand.readLogExt(address: 0x04, page: 1).cdb) == "85 09 0E 00 00 00 01 00 04 00 01 00 00 40 2F 00")
        #expect(hex(ATACommand.readLogExt(address: 0x04, page: 0x0102).cdb) == "85 09 0E 00 00 00 01 00 04 01 02 00 00 40 2F 00",
                "page number bits 15:8 go to LBA 39:32")
        #expect(hex(SCSICommand.logSense(page: 0x0D).cdb) == "4D 00 4D 00 00 00 00 04 00 00")
        #expect(hex(SCSICommand.logSense(page: 0x2F, length: 64).cdb) == "4D 00 6F 00 00 00 00 00 40 00")
        #expect(hex(SCSICommand.readGrownDefectHeader10().cdb) == "37 00 0C 00 00 00 00 00 04 00")
        #expect(hex(SCSICommand.readGrownDefectHeader12().cdb) == "B7 0C 00 00 00 00 00 00 00 08 00 00")
    }

    // MARK: NVMe

    static func nvmeLog() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 0x05                      // spare below threshold + reliability degraded
        b[1] = 0x3F; b[2] = 0x01         // 319 K
        b[3] = 8; b[4] = 10; b[5] = 92; b[6] = 0x01
        b[32] = 0x10; b[33] = 0x27       // data units read 10,000
        b[56] = 0x01                     // data units written 2^64 (upper quadword bit 0)
        b[64] = 0x40; b[65] = 0x42; b[66] = 0x0F    // host reads 1,000,000
        b[112] = 42                      // power cycles
        b[128] = 0xE8; b[129] = 0x03     // power-on hours 1,000
        b[144] = 7                       // unsafe shutdowns
        b[160] = 2                       // media errors
        b[176] = 0x2C; b[177] = 0x01     // error log entries 300
        b[192] = 5; b[196] = 1
        b[200] = 0x40; b[201] = 0x01     // sensor 1: 320 K
        return b
    }

    @Test func nvmeSMARTHealthLogDecodesEveryField() throws {
        let log = try NVMeSMARTHealthLog(Self.nvmeLog())
        #expect(log.criticalWarning == 0x05 && log.spareBelowThreshold && log.reliabilityDegraded && !log.readOnly && !log.temperatureWarning)
        #expect(log.compositeTemperatureKelvin == 319 && log.compositeTemperatureCelsius == 46)
        #expect(log.availableSpare == 8 && log.availableSpareThreshold == 10 && log.percentageUsed == 92 && log.enduranceGroupCriticalWarning == 1)
        #expect(log.dataUnitsRead == 10_000 && log.dataUnitsWritten == UInt128(1) << 64 && log.hostReadCommands == 1_000_000)
        #expect(log.powerCycles == 42 && log.powerOnHours == 1_000 && log.unsafeShutdowns == 7 && log.mediaErrors == 2 && log.errorLogEntries == 300)
        #expect(log.warningTemperatureMinutes == 5 && log.criticalTemperatureMinutes == 1)
        #expect(log.temperatureSensorsKelvin == [320, nil, nil, nil, nil, nil, nil, nil])
    }

    @Test func nvmeTruncatedLogIsATypedError() {
        #expect(throws: HealthLogDecodingError.truncated(structure: "NVMe SMART / Health Information log", needed: 512, got: 511)) {
            try NVMeSMARTHealthLog(Array(Self.nvmeLog().prefix(511)))
        }
        #expect(throws: HealthLogDecodingError.self) { try NVMeSMARTHealthLog([]) }
    }

    // MARK: ATA

    static func withChecksum(_ b: [UInt8]) -> [UInt8] {
        var b = b
        b[511] = 0 &- b[0..<511].reduce(UInt8(0), &+)
        return b
    }

    /// Entries: 5 (raw 3), 9 (hours 12,345 with vendor bytes above), 194 (36 °C, min/max above),
    /// 197 (1), 231 (vendor raw), 202 (an ID without a common name).
    static func smartData() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 0x10
        let entries: [[UInt8]] = [
            [5, 0x33, 0x00, 100, 100, 0x03, 0, 0, 0, 0, 0, 0],
            [9, 0x32, 0x00, 97, 97, 0x39, 0x30, 0, 0, 0x12, 0x34, 0],
            [194, 0x22, 0x00, 64, 40, 0x24, 0x00, 0x14, 0x00, 0x2D, 0x00, 0],
            [197, 0x12, 0x00, 100, 100, 0x01, 0, 0, 0, 0, 0, 0],
            [231, 0x13, 0x00, 5, 5, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0],
            [202, 0x00, 0x00, 100, 100, 0x01, 0x02, 0, 0, 0, 0, 0],
        ]
        for (i, e) in entries.enumerated() { for (j, v) in e.enumerated() { b[2 + 12 * i + j] = v } }
        b[362] = 0x82; b[363] = 0x00
        return withChecksum(b)
    }

    static func smartThresholds() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 0x10
        for (i, (id, t)) in [(UInt8(5), UInt8(10)), (9, 0), (194, 0), (197, 0), (231, 10)].enumerated() { b[2 + 12 * i] = id; b[3 + 12 * i] = t }
        return withChecksum(b)
    }

    @Test func ataSMARTDataDecodesTheAttributeTable() throws {
        let d = try ATASMARTData(Self.smartData())
        #expect(d.revision == 0x10 && d.checksumValid && d.offlineDataCollectionStatus == 0x82)
        #expect(d.attributes.map(\.id) == [5, 9, 194, 197, 231, 202])
        let a9 = try #require(d.attribute(9))
        #expect(a9.flags == 0x32 && a9.current == 97 && a9.worst == 97 && a9.raw == [0x39, 0x30, 0, 0, 0x12, 0x34])
        #expect(a9.raw48 == 0x3412_0000_3039)
        #expect(d.attribute(5)?.raw48 == 3 && d.attribute(197)?.raw48 == 1)
        let t = try ATASMARTThresholds(Self.smartThresholds())
        #expect(t.checksumValid && t.thresholds == [5: 10, 9: 0, 194: 0, 197: 0, 231: 10])
    }

    @Test func ataSMARTDataWithABadChecksumIsKeptAndFlagged() throws {
        var b = Self.smartData()
        b[511] &+= 1
        let d = try ATASMARTData(b)
        #expect(!d.checksumValid && d.attributes.count == 6)
    }

    @Test func ataTruncatedSectorsAreTypedErrors() {
        #expect(throws: HealthLogDecodingError.truncated(structure: "ATA SMART data", needed: 512, got: 500)) {
            try ATASMARTData(Array(Self.smartData().prefix(500)))
        }
        #expect(throws: HealthLogDecodingError.truncated(structure: "ATA SMART thresholds", needed: 512, got: 0)) { try ATASMARTThresholds([]) }
    }

    @Test func ataSMARTReturnStatusReadsTheSignatureRegisters() {
        func regs(_ lba: UInt64) -> ATARegisters { ATARegisters(error: 0, status: 0x50, device: 0, count: 0, lba: lba, complete: false) }
        #expect(ATASMARTStatus(regs(0xC2_4F00)) == .passed)
        #expect(ATASMARTStatus(regs(0x2C_F400)) == .thresholdExceeded)
        #expect(ATASMARTStatus(regs(0x00_0000)) == .unrecognized(mid: 0, high: 0))
        #expect(ATASMARTStatus(nil) == nil, "no registers: not observed, never passed")
    }

    static func statisticsPage(_ page: UInt8, _ entries: [Int: UInt64]) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        b[0] = 0x01; b[2] = page
        for (offset, q) in entries { for i in 0..<8 { b[offset + i] = UInt8((q >> (8 * UInt64(i))) & 0xFF) } }
        return b
    }

    @Test func ataDeviceStatisticsFlagsAndValues() throws {
        let p = try ATADeviceStatisticsPage(Self.statisticsPage(1, [0x10: 0xC000_0000_0000_3039, 0x18: 0x8000_0000_0000_0005, 0x28: 0xE0FF_0000_0000_0001]),
                                            expected: 1)
        #expect(p.revision == 1 && p.pageNumber == 1)
        #expect(p.statistic(at: 0x08) == nil, "bit 63 clear: not supported")
        #expect(p.statistic(at: 0x10) == .init(supported: true, valid: true, normalized: false, conditionMet: false, value: 12_345))
        #expect(p.statistic(at: 0x18)?.valid == false)
        #expect(p.statistic(at: 0x28) == .init(supported: true, valid: true, normalized: true, conditionMet: false, value: 0xFF_0000_0000_0001),
                "value is bits 55:0")
        #expect(p.statistic(at: 3) == nil && p.statistic(at: 512) == nil)
        var list = Self.statisticsPage(0, [:])
        list[8] = 4; list[9] = 0; list[10] = 1; list[11] = 5; list[12] = 7
        #expect(try ATADeviceStatisticsPage(list, expected: 0).supportedPages == [0, 1, 5, 7])
    }

    @Test func ataDeviceStatisticsWrongPageOrTruncated() {
        #expect(throws: HealthLogDecodingError.malformed(structure: "ATA Device Statistics page 4", detail: "header names page 1")) {
            try ATADeviceStatisticsPage(Self.statisticsPage(1, [:]), expected: 4)
        }
        #expect(throws: HealthLogDecodingError.truncated(structure: "ATA Device Statistics page 1", needed: 512, got: 8)) {
            try ATADeviceStatisticsPage(Array(Self.statisticsPage(1, [:]).prefix(8)), expected: 1)
        }
    }

    // MARK: SCSI

    static let temperaturePage: [UInt8] = [0x0D, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x03, 0x02, 0x00, 0x25, 0x00, 0x01, 0x03, 0x02, 0x00, 0x41]
    static let startStopPage: [UInt8] = [0x0E, 0x00, 0x00, 0x10,
                                         0x00, 0x03, 0x03, 0x04, 0x00, 0x00, 0xC3, 0x50,   // specified 50,000
                                         0x00, 0x04, 0x03, 0x04, 0x00, 0x00, 0x01, 0x23]   // accumulated 291
    static let readErrorPage: [UInt8] = [0x03, 0x00, 0x00, 0x16,
                                         0x00, 0x00, 0x03, 0x02, 0x00, 0x07,                  // corrected without delay 7
                                         0x00, 0x05, 0x03, 0x04, 0x12, 0x34, 0x56, 0x78,      // bytes processed
                                         0x00, 0x06, 0x03, 0x04, 0x00, 0x00, 0x00, 0x02]      // uncorrected 2

    @Test func scsiLogPagesDecodeTheirParameters() throws {
        let t = try SCSILogPage(Self.temperaturePage, expected: 0x0D)
        #expect(t.parameters.map(\.code) == [0, 1] && t.temperatureCelsius == 37 && t.parameter(1)?.value == [0x00, 0x41])
        let s = try SCSILogPage(Self.startStopPage + [0xEE, 0xEE], expected: 0x0E)
        #expect(s.accumulatedStartStopCycles == 291 && s.specifiedStartStopCycles == 50_000, "bytes after the page are ignored")
        let r = try SCSILogPage(Self.readErrorPage, expected: 0x03)
        #expect(r.totalUncorrectedErrors == 2 && r.parameter(0)?.number == 7 && r.parameter(5)?.number == 0x1234_5678)
        #expect(t.totalUncorrectedErrors == nil && r.temperatureCelsius == nil, "typed views only on their own page")
        var unknown = Self.temperaturePage
        unknown[9] = 0xFF
        #expect(try SCSILogPage(unknown, expected: 0x0D).temperatureCelsius == nil, "FFh: temperature not available")
        let ie = try SCSILogPage([0x2F, 0x00, 0x00, 0x08, 0x00, 0x00, 0x03, 0x04, 0x5D, 0x10, 0x28, 0x00], expected: 0x2F)
        #expect(ie.informationalException?.asc == 0x5D && ie.informationalException?.ascq == 0x10)
    }

    @Test func scsiMalformedAndTruncatedPagesAreTypedErrors() {
        #expect(throws: HealthLogDecodingError.malformed(structure: "SCSI log page 0x0E", detail: "page code 0x0D returned")) {
            try SCSILogPage(Self.temperaturePage, expected: 0x0E)
        }
        #expect(throws: HealthLogDecodingError.truncated(structure: "SCSI log page 0x0D", needed: 16, got: 12)) {
            try SCSILogPage(Array(Self.temperaturePage.prefix(12)), expected: 0x0D)
        }
        var overrun = Self.temperaturePage
        overrun[13] = 0x09    // parameter 0001h claims 9 bytes, 2 remain
        #expect(throws: HealthLogDecodingError.malformed(structure: "SCSI log page 0x0D", detail: "parameter 0x0001 runs past the page")) {
            try SCSILogPage(overrun, expected: 0x0D)
        }
        #expect(throws: HealthLogDecodingError.self) { try SCSILogPage([0x0D, 0x00], expected: 0x0D) }
    }

    @Test func scsiGrownDefectCountFromTheHeader() throws {
        #expect(try SCSIDefectListHeader([0x00, 0x0C, 0x00, 0x40], twelveByte: false).grownDefects == 8)
        #expect(try SCSIDefectListHeader([0x00, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00], twelveByte: true).grownDefects == 32)
        #expect(try SCSIDefectListHeader([0x00, 0x08, 0x00, 0x10], twelveByte: false).grownDefects == 4, "short block format: 4-byte entries")
        #expect(try SCSIDefectListHeader([0x00, 0x0E, 0x00, 0x10], twelveByte: false).grownDefects == nil, "vendor format: not counted")
        #expect(try SCSIDefectListHeader([0x00, 0x04, 0x00, 0x10], twelveByte: false).grownDefects == nil, "GLISTV clear")
        #expect(throws: HealthLogDecodingError.truncated(structure: "READ DEFECT DATA(12) header", needed: 8, got: 4)) {
            try SCSIDefectListHeader([0x00, 0x0C, 0x00, 0x40], twelveByte: true)
        }
    }
}
