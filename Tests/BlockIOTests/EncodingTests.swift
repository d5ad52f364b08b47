import BlockIO
import Testing

/// Command encodings, byte for byte, against the reference encodings (SAT/ACS-3 via hdparm,
/// NVMe Base 2.3, SBC-4 via sg3_utils) in the project's standards reference.
@Suite("ATA, NVMe and SCSI command encodings")
struct EncodingTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16, uppercase: true).count == 1 ? "0" + String($0, radix: 16, uppercase: true) : String($0, radix: 16, uppercase: true) }.joined(separator: " ") }

    @Test(arguments: [
        (ATACommand.identifyDevice(), "85 08 0E 00 00 00 01 00 00 00 00 00 00 40 EC 00"),
        (ATACommand.sanitizeStatus(), "85 07 20 00 00 00 00 00 00 00 00 00 00 40 B4 00"),
        (ATACommand.sanitizeStatus(clearFailure: true), "85 07 20 00 00 00 01 00 00 00 00 00 00 40 B4 00"),
        (ATACommand.sanitizeCryptoScramble(), "85 07 20 00 11 00 00 43 70 00 79 00 72 40 B4 00"),
        (ATACommand.sanitizeBlockErase(), "85 07 20 00 12 00 00 42 72 00 45 00 6B 40 B4 00"),
        (ATACommand.sanitizeOverwrite(pattern: 0, passes: 1), "85 07 20 00 14 00 01 00 00 57 00 4F 00 40 B4 00"),
        (ATACommand.readNativeMaxAddressExt(), "85 07 20 00 00 00 00 00 00 00 00 00 00 40 27 00"),
        (ATACommand.securityErasePrepare(), "85 06 20 00 00 00 00 00 00 00 00 00 00 40 F3 00"),
        // Security commands carry CK_COND (byte 2 bit 5) so the SATL returns the registers; hdparm sends 06h.
        (ATACommand.securitySetPassword(Array("pw".utf8)), "85 0A 26 00 00 00 01 00 00 00 00 00 00 40 F1 00"),
        (ATACommand.securityEraseUnit(Array("pw".utf8), enhanced: true, timeoutMilliseconds: 1), "85 0A 26 00 00 00 01 00 00 00 00 00 00 40 F4 00"),
        (ATACommand.securityDisablePassword(Array("pw".utf8)), "85 0A 26 00 00 00 01 00 00 00 00 00 00 40 F6 00"),
        (ATACommand.securityUnlock(Array("pw".utf8)), "85 0A 26 00 00 00 01 00 00 00 00 00 00 40 F2 00"),
        (ATACommand.dcoIdentify(), "85 08 0E 00 C2 00 01 00 00 00 00 00 00 40 B1 00"),
        (ATACommand.setMaxAddressExt(0x0123_4567), "85 07 20 00 00 00 01 01 67 00 45 00 23 40 37 00"),
    ])
    func ataPassThroughCDBs(command: ATACommand, expected: String) {
        #expect(hex(command.cdb) == expected, "\(command.name)")
    }

    @Test func ataFailureModeAndOverwriteOptionsSetTheirBits() {
        #expect(ATACommand.sanitizeBlockErase(failureMode: true).cdb[6] == 0x10)
        let ow = ATACommand.sanitizeOverwrite(pattern: 0xA5A5_0F0F, passes: 3, invert: true)
        #expect(ow.cdb[6] == 0x83)
        #expect(Array(ow.cdb[7...12]) == [0xA5, 0x0F, 0x57, 0x0F, 0x4F, 0xA5])
    }

    @Test func securityPayloadsCarryIdentifierEnhancedBitAndPassword() {
        let erase = ATACommand.securityEraseUnit(Array("secret".utf8), enhanced: true, timeoutMilliseconds: 10)
        #expect(erase.payload.count == 512)
        #expect(erase.payload[0] == 0x02, "word 0 b1: enhanced; b0 = 0: user password")
        #expect(Array(erase.payload[2..<8]) == Array("secret".utf8))
        #expect(erase.payload[8...].allSatisfy { $0 == 0 })
        #expect(ATACommand.securityEraseUnit(Array("x".utf8), enhanced: false, timeoutMilliseconds: 10).payload[0] == 0)
        if case .toDevice(let data) = erase.scsi.direction { #expect(data.count == 512) } else { Issue.record("PIO-out must send data") }
    }

    @Test func nvmeAdminEncodings() {
        let id = NVMeAdminCommand.identifyController()
        #expect(id.opcode == 0x06 && id.nsid == 0 && id.dataLength == 4096 && id.cdw10 == 0x0000_0001)
        let log = NVMeAdminCommand.sanitizeStatusLog()
        #expect(log.opcode == 0x02 && log.nsid == 0xFFFF_FFFF && log.dataLength == 512 && log.cdw10 == 0x007F_0081)
        #expect(NVMeAdminCommand.sanitize(.blockErase).cdw10 == 0x0000_0002)
        #expect(NVMeAdminCommand.sanitize(.blockErase, allowUnrestrictedExit: true).cdw10 == 0x0000_000A)
        #expect(NVMeAdminCommand.sanitize(.blockErase, noDeallocate: true).cdw10 == 0x0000_0202)
        #expect(NVMeAdminCommand.sanitize(.cryptoErase).cdw10 == 0x0000_0004)
        let ow = NVMeAdminCommand.sanitize(.overwrite, overwritePasses: 1, pattern: 0)
        #expect(ow.cdw10 == 0x0000_0013 && ow.cdw11 == 0)
        #expect(NVMeAdminCommand.sanitize(.exitFailureMode).cdw10 == 0x0000_0001)
        #expect(NVMeAdminCommand.sanitize(.blockErase).nsid == 0, "Sanitize addresses the NVM subsystem")
        #expect(NVMeAdminCommand.formatNVM(nsid: 1, lbaFormat: 0, secureErase: .cryptographicErase).cdw10 == 0x0000_0400)
        #expect(NVMeAdminCommand.formatNVM(nsid: 1, lbaFormat: 2, secureErase: .userDataErase).cdw10 == 0x0000_0202)
        #expect(NVMeAdminCommand.formatNVM(nsid: 1, lbaFormat: 0x13, secureErase: .userDataErase).cdw10 == 0x0000_1203, "LBAFU in 13:12")
        #expect(NVMeAdminCommand.formatNVM(nsid: 1, lbaFormat: 0, secureErase: .userDataErase).timeoutMilliseconds == 600_000)
    }

    @Test func nvmePassthroughStructLayout() {
        let cmd = NVMeAdminCommand.formatNVM(nsid: 1, lbaFormat: 0, secureErase: .userDataErase)
        let b = cmd.passthroughBytes(address: 0x1122_3344_5566_7788)
        #expect(b.count == 72)
        #expect(b[0] == 0x80)
        #expect(Array(b[4..<8]) == [1, 0, 0, 0])
        #expect(Array(b[24..<32]) == [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
        #expect(Array(b[40..<44]) == [0x00, 0x02, 0, 0])
        #expect(Array(b[64..<68]) == [0xC0, 0x27, 0x09, 0x00], "600,000 ms")
    }

    @Test func scsiSanitizeAndSenseCDBs() {
        #expect(hex(SCSICommand.sanitize(.blockErase).cdb) == "48 82 00 00 00 00 00 00 00 00")
        #expect(hex(SCSICommand.sanitize(.cryptoErase).cdb) == "48 83 00 00 00 00 00 00 00 00")
        let ow = SCSICommand.sanitize(.overwrite)
        #expect(hex(ow.cdb) == "48 81 00 00 00 00 00 00 08 00")
        #expect(ow.direction == .toDevice([0x01, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00]))
        #expect(hex(SCSICommand.sanitize(.exitFailureMode).cdb) == "48 1F 00 00 00 00 00 00 00 00")
        #expect(SCSICommand.requestSense().cdb[4] == 0xFC)
        #expect(hex(SCSICommand.reportSupportedOperationCode(0x48, serviceAction: 0x02).cdb) == "A3 0C 03 48 00 02 00 00 02 00 00 00")
        #expect(hex(SCSICommand.readCapacity16().cdb) == "9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00")
    }
}

@Suite("Status and sense decoding")
struct DecodingTests {
    @Test func nvmeStatusField() {
        let opcode = NVMeStatus(raw: 0x4001)
        #expect(!opcode.isSuccess && opcode.isUnsupported && opcode.doNotRetry)
        #expect(opcode.description.hasPrefix("Invalid Command Opcode"))
        #expect(NVMeStatus(raw: 0x4002).description.hasPrefix("Invalid Field in Command"))
        #expect(NVMeStatus(raw: 0x0281).description.hasPrefix("Unrecovered Read Error"))
        #expect(NVMeStatus(raw: 0x001D).description.hasPrefix("Sanitize In Progress"))
        #expect(NVMeStatus(raw: 0).isSuccess)
    }

    @Test func descriptorSenseWithATAReturnDescriptor() throws {
        // 72h, RECOVERED ERROR 00/1D (ATA PASS-THROUGH information available), descriptor 09h.
        let sense: [UInt8] = [0x72, 0x01, 0x00, 0x1D, 0, 0, 0, 14,
                              0x09, 0x0C, 0x01, 0x00, 0x80, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0x40, 0x50]
        let s = try #require(SenseData(sense))
        #expect(s.descriptorFormat && s.senseKey == 1 && s.asc == 0 && s.ascq == 0x1D)
        let ata = try #require(s.ata)
        #expect(ata.status == 0x50 && ata.error == 0 && !ata.failed)
        #expect(ata.count == 0x8000, "COUNT 15:8 = 80h: sanitize completed without error")
        #expect(ata.lba == 0x9A_56_12_BC_78_34, "LBA 47:40, 39:32, 31:24 in d[10], d[8], d[6]; 23:16, 15:8, 7:0 in d[11], d[9], d[7]")
        #expect(ata.complete)
    }

    @Test func abortedATACommandIsAFailure() throws {
        let sense: [UInt8] = [0x72, 0x0B, 0x00, 0x00, 0, 0, 0, 14,
                              0x09, 0x0C, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x51]
        let ata = try #require(SenseData(sense)?.ata)
        #expect(ata.failed && ata.aborted)
    }

    /// GOOD with no sense is how libata answers a successful command: the SATL reports an ATA error
    /// as CHECK CONDITION, so GOOD is success (registers unknown), not a rejection.
    @Test func ataPassThroughReplyReadsGoodWithoutSenseAsSuccess() {
        let good = ATAPassThroughReply(SCSIResult(status: 0, hostStatus: 0, driverStatus: 0, sense: [], data: [], durationSeconds: 0))
        #expect(good.verdict == .succeeded && good.registers == nil)
        #expect(good.summary == "GOOD (no ATA registers returned)")
        let regs: [UInt8] = [0x72, 0x01, 0x00, 0x1D, 0, 0, 0, 14, 0x09, 0x0C, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x50]
        let withRegisters = ATAPassThroughReply(SCSIResult(status: 2, hostStatus: 0, driverStatus: 8, sense: regs, data: [], durationSeconds: 0))
        #expect(withRegisters.verdict == .succeeded && withRegisters.registers?.status == 0x50)
        let abortedSense: [UInt8] = [0x72, 0x0B, 0x00, 0x00, 0, 0, 0, 14, 0x09, 0x0C, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x51]
        let aborted = ATAPassThroughReply(SCSIResult(status: 2, hostStatus: 0, driverStatus: 8, sense: abortedSense, data: [], durationSeconds: 0))
        #expect(aborted.verdict == .failed(aborted: true))
        #expect(aborted.summary.contains("(aborted)"))
        let noSenseCheck = ATAPassThroughReply(SCSIResult(status: 2, hostStatus: 0, driverStatus: 0, sense: [], data: [], durationSeconds: 0))
        #expect(noSenseCheck.verdict == .failed(aborted: false), "CHECK CONDITION without sense is an error, not success")
        let transport = ATAPassThroughReply(SCSIResult(status: 0, hostStatus: 7, driverStatus: 0, sense: [], data: [], durationSeconds: 0))
        #expect(transport.verdict == .unknown)
        let busy = ATAPassThroughReply(SCSIResult(status: 0x08, hostStatus: 0, driverStatus: 0, sense: [], data: [], durationSeconds: 0))
        #expect(busy.verdict == .unknown)
    }

    @Test func fixedSenseWithProgressAndSanitizeState() throws {
        var fixed = [UInt8](repeating: 0, count: 18)
        fixed[0] = 0x70; fixed[2] = 0x02; fixed[7] = 10; fixed[12] = 0x04; fixed[13] = 0x1B
        fixed[15] = 0x80; fixed[16] = 0x40; fixed[17] = 0x00
        let s = try #require(SenseData(fixed))
        #expect(!s.descriptorFormat && s.sanitizeInProgress && s.progress == 0x4000)
        var invalid = [UInt8](repeating: 0, count: 18)
        invalid[0] = 0x70; invalid[2] = 0x05; invalid[12] = 0x20
        let i = try #require(SenseData(invalid))
        #expect(i.isUnsupportedCommand)
        #expect(i.ata == nil, "fixed-format INFORMATION bytes are not ATA registers unless ASC/ASCQ is 00h/1Dh")
        var aborted = [UInt8](repeating: 0, count: 18)
        aborted[0] = 0x70; aborted[2] = 0x0B
        let a = try #require(SenseData(aborted))
        #expect(a.isAbortedCommand && a.reportsError && a.ata == nil)
        #expect(i.description.contains("ILLEGAL REQUEST"))
        #expect(SenseData([0x00, 1, 2]) == nil)
    }

    @Test func ataIdentifyFields() throws {
        var w = [UInt16](repeating: 0, count: 256)
        w[59] = 0xB000                  // sanitize feature set, block erase, crypto scramble
        w[82] = 0x0002 | 0x0400         // security, HPA supported
        w[83] = 0x0400 | 0x0800         // 48-bit, DCO
        w[89] = 0x8000 | 60             // normal erase 120 min
        w[90] = 20                      // enhanced erase 40 min
        w[128] = 0x0001 | 0x0008 | 0x0020  // supported, frozen, enhanced
        w[217] = 1
        w[100] = 0x5000; w[101] = 0x0010
        let model = Array("QEMU HARDDISK ".utf8) + [UInt8](repeating: 0x20, count: 26)
        for i in 0..<20 { w[27 + i] = UInt16(model[2 * i]) << 8 | UInt16(model[2 * i + 1]) }
        let bytes = w.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let id = try #require(ATAIdentify(bytes))
        #expect(id.model == "QEMU HARDDISK")
        #expect(id.sanitizeSupported && id.sanitizeBlockErase && id.sanitizeCryptoScramble && !id.sanitizeOverwrite)
        #expect(id.securitySupported && id.securityFrozen && !id.securityLocked && id.enhancedEraseSupported)
        #expect(id.normalEraseMinutes == 120 && id.enhancedEraseMinutes == 40)
        #expect(id.hpaSupported && !id.hpaEnabled && id.dcoSupported && id.lba48Supported && id.nonRotating)
        #expect(id.userSectors48 == 0x0010_5000)
    }

    @Test func nvmeIdentifyFields() throws {
        var c = [UInt8](repeating: 0, count: 4096)
        for (i, b) in Array("deadbeef".utf8).enumerated() { c[4 + i] = b }
        c[256] = 0x0A          // OACS: format (b1), b3
        c[328] = 0x03          // SANICAP: crypto + block
        c[331] = 0x20          // b29 NDI
        c[524] = 0x04          // FNA: crypto erase supported
        let ctrl = try #require(NVMeIdentifyController(c))
        #expect(ctrl.serial == "deadbeef")
        #expect(ctrl.formatSupported && ctrl.sanitizeCryptoErase && ctrl.sanitizeBlockErase && !ctrl.sanitizeOverwrite)
        #expect(ctrl.noDeallocateInhibited && ctrl.cryptoEraseSupported && !ctrl.secureEraseAppliesToAllNamespaces)
        var n = [UInt8](repeating: 0, count: 4096)
        n[0] = 0x00; n[1] = 0x80          // NSZE 32768 blocks
        n[25] = 1; n[26] = 0x01; n[33] = 0x01
        n[128 + 2] = 9; n[132 + 2] = 12
        let ns = try #require(NVMeIdentifyNamespace(n))
        #expect(ns.size == 32768 && ns.formatCount == 2 && ns.currentFormatIndex == 1)
        #expect(ns.logicalBlockSize(format: 1) == 4096 && ns.deallocatedReadValue == 0x00)
        let log = try #require(NVMeSanitizeStatus([0xFF, 0xFF, 0x01, 0x01, 0x02, 0, 0, 0]))
        #expect(log.state == .succeeded && log.progress == 0xFFFF && log.commandDword10 == 2)
        #expect(log.globalDataErased && log.sanitizeAction == 2, "SSTAT bit 8: Global Data Erased; SANACT from SCDW10")
        #expect(NVMeSanitizeStatus([0xFF, 0xFF, 0x01, 0x00, 0x04, 0, 0, 0])?.globalDataErased == false)
    }
}
