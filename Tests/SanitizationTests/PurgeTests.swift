import Fakes
import BlockIO
import Foundation
import Sanitization
import StorageModel
import Synchronization
import Testing

@Suite("Purge planner")
struct PurgePlannerTests {
    func caps(_ available: [PurgeTechnique]) -> PurgeCapabilities { PurgeCapabilities(interface: "x", available: available) }

    @Test func prefersSanitizeCryptoThenBlockThenFormatOnFlash() throws {
        let all: [PurgeTechnique] = [.nvmeFormatUserDataErase, .nvmeFormatCryptoErase, .nvmeSanitizeBlockErase, .nvmeSanitizeCryptoErase]
        #expect(try PurgePlanner.choose(capabilities: caps(all), media: .nvme, requested: nil, path: "/dev/x").get() == .nvmeSanitizeCryptoErase)
        #expect(try PurgePlanner.choose(capabilities: caps([.nvmeFormatUserDataErase]), media: .nvme, requested: nil, path: "/dev/x").get() == .nvmeFormatUserDataErase)
        #expect(try PurgePlanner.choose(capabilities: caps([.ataSanitizeOverwrite, .ataSecurityEraseEnhanced]), media: .hdd, requested: nil, path: "/dev/x").get() == .ataSanitizeOverwrite)
    }

    @Test func neverCallsClearAPurge() {
        for (t, media) in [(PurgeTechnique.ataSecurityErase, MediaType.ssd), (.ataSecurityEraseEnhanced, .ssd), (.nvmeSanitizeOverwrite, .nvme),
                           (.scsiSanitizeOverwrite, .ssd), (.ataSecurityErase, .hdd)] {
            let r = PurgePlanner.choose(capabilities: caps([t]), media: media, requested: t, path: "/dev/x")
            guard case .failure(let e) = r else { Issue.record("\(t) on \(media) accepted as Purge"); continue }
            #expect(e.exitStatus == .notSupported)
            #expect(e.message.contains("not Purge"))
        }
        #expect(PurgeTechnique.ataSecurityEraseEnhanced.isPurge(on: .hdd))
    }

    @Test func explainsWhatIsMissing() {
        var c = PurgeCapabilities(interface: nil, blocker: "behind a USB bridge")
        guard case .failure(let e) = PurgePlanner.choose(capabilities: c, media: .flash, requested: nil, path: "/dev/sdz") else { Issue.record("planned"); return }
        #expect(e.message.contains("USB bridge") && e.remedy?.contains("--level clear") == true)
        c = PurgeCapabilities(interface: "nvme", available: [.nvmeFormatUserDataErase],
                              unavailable: [.init(technique: .nvmeSanitizeBlockErase, reason: "Sanitize not supported (SANICAP 0)")])
        guard case .failure(let f) = PurgePlanner.choose(capabilities: c, media: .nvme, requested: .nvmeSanitizeBlockErase, path: "/dev/nvme0n1") else { Issue.record("planned"); return }
        #expect(f.message.contains("SANICAP 0") && f.remedy?.contains("nvme-format-user-data-erase") == true)
    }
}

@Suite("Firmware purge job on scripted drives")
struct FirmwarePurgeJobTests {
    let size = ByteCount.mebibytes(8)

    func run(_ technique: PurgeTechnique, _ device: MemoryBlockDevice, _ t: ScriptedTransports, erasedValue: UInt8? = nil,
             cancellation: CancellationFlag = CancellationFlag()) -> WipeOutcome {
        let caps = PurgeCapabilities(interface: technique.interface.rawValue, available: [technique], erasedReadValue: erasedValue, nvmeNamespace: 1, nvmeLBAFormat: 0)
        let plan = PurgePlan(identity: device.identity, technique: technique, capabilities: caps, canarySeed: 9, canaryCount: 30)
        return FirmwarePurgeJob(plan: plan, device: device, transports: t, identityReader: FakeIdentityReader(behaviour: .same(device.identity)),
                                clock: InstantClock(), cancellation: cancellation).run()
    }

    /// A Sanitize Status log page (81h): SPROG FFFFh, SSTAT, SCDW10.
    static func sanitizeLog(sstat: UInt16, scdw10: UInt32) -> NVMeCompletion {
        var page = [UInt8](repeating: 0, count: 512)
        page[0] = 0xFF; page[1] = 0xFF; page[2] = UInt8(sstat & 0xFF); page[3] = UInt8(sstat >> 8)
        for i in 0..<4 { page[4 + i] = UInt8((scdw10 >> (8 * UInt32(i))) & 0xFF) }
        return ScriptedTransports.nvmeOK(page)
    }

    /// What a drive that really erases does to the medium.
    static func erase(_ d: MemoryBlockDevice, to byte: UInt8 = 0) {
        let zeros = [UInt8](repeating: byte, count: d.size.int)
        zeros.withUnsafeBytes { _ = try? d.write($0, at: .zero) }
    }

    @Test func formatThatErasesPassesWithCanariesChecked() {
        let d = MemoryBlockDevice(size: size)
        let t = ScriptedTransports(nvme: { cmd in
            if cmd.opcode == 0x80 { FirmwarePurgeJobTests.erase(d) }
            return ScriptedTransports.nvmeOK()
        })
        let o = run(.nvmeFormatUserDataErase, d, t, erasedValue: 0)
        #expect(o.result == .passed, "\(o.reasons) \(o.errors)")
        #expect(o.level == .purge && o.firmware?.method == .blockErase)
        #expect(t.trace == ["nvme 80 00000200"])
        #expect(o.verification.samples == 32 && o.verification.mismatchedBlocks == 0)
        #expect(o.verification.expectedPattern == nil, "Format NVM defines no content: DLFEAT describes deallocated blocks")
    }

    /// 512e: canaries are logical blocks tagged with their real LBA, and the device's last LBA is
    /// one of them even when the capacity is not a multiple of the physical block size.
    @Test func canariesArePlacedAndTaggedByLogicalBlockOn512e() throws {
        let d = MemoryBlockDevice(size: ByteCount(8 * 1024 * 1024 + 3 * 512), logicalBlockSize: 512, physicalBlockSize: 4096)
        let lastLBA = d.size.bytes / 512 - 1
        let planted = Mutex<[UInt8]>([])
        let t = ScriptedTransports(nvme: { cmd in
            if cmd.opcode == 0x80 { planted.withLock { $0 = d.contents } }
            return ScriptedTransports.nvmeOK()
        })
        _ = run(.nvmeFormatUserDataErase, d, t)
        let medium = planted.withLock { $0 }
        let prefix = Array("EXPUNGE-CANARY lba=".utf8)
        var tagged: [UInt64] = []
        for lba in 0...lastLBA {
            let block = medium[Int(lba) * 512..<Int(lba + 1) * 512]
            guard block.starts(with: prefix) else { continue }
            let digits = block.dropFirst(prefix.count).prefix { $0 != UInt8(ascii: " ") }
            #expect(UInt64(String(decoding: digits, as: UTF8.self)) == lba, "the tag names the block's own logical address")
            tagged.append(lba)
        }
        #expect(tagged.count == 32)
        #expect(tagged.first == 0 && tagged.last == lastLBA, "first and last logical block covered: \(tagged.suffix(3))")

        // A drive that erases everything but the last sector is caught there.
        let tail = MemoryBlockDevice(size: d.size, logicalBlockSize: 512, physicalBlockSize: 4096)
        let sloppy = ScriptedTransports(nvme: { cmd in
            if cmd.opcode == 0x80 {
                let zeros = [UInt8](repeating: 0, count: tail.size.int - 512)
                zeros.withUnsafeBytes { _ = try? tail.write($0, at: .zero) }
            }
            return ScriptedTransports.nvmeOK()
        })
        let o = run(.nvmeFormatUserDataErase, tail, sloppy)
        #expect(o.result == .failed && o.reasons.contains(.dataUnchanged))
        #expect(o.verification.firstMismatchOffsets == [lastLBA * 512])
    }

    @Test func aDriveThatAcceptsAndChangesNothingFails() {
        let d = MemoryBlockDevice(size: size)
        let o = run(.nvmeFormatCryptoErase, d, ScriptedTransports())
        #expect(o.result == .failed)
        #expect(o.reasons == [.dataUnchanged])
        #expect(o.verification.mismatchedBlocks == 32)
    }

    @Test func sanitizeNeedsAnObservedTransitionForThisCommand() {
        let d = MemoryBlockDevice(size: size)
        let polls = Mutex(0)
        let log: @Sendable (UInt16, UInt32) -> NVMeCompletion = { sstat, cdw10 in
            var page = [UInt8](repeating: 0, count: 512)
            page[0] = 0xFF; page[1] = 0xFF; page[2] = UInt8(sstat & 0xFF); page[3] = UInt8(sstat >> 8)
            page[4] = UInt8(cdw10 & 0xFF)
            return ScriptedTransports.nvmeOK(page)
        }
        let honest = ScriptedTransports(nvme: { cmd in
            if cmd.opcode == 0x84 { FirmwarePurgeJobTests.erase(d); return ScriptedTransports.nvmeOK() }
            let n = polls.withLock { $0 += 1; return $0 }
            return n < 3 ? log(0x0002, 2) : log(0x0101, 2)
        })
        let ok = run(.nvmeSanitizeBlockErase, d, honest)
        #expect(ok.result == .passed, "\(ok.reasons)")
        #expect(ok.firmware?.deviceReportedCompletion == true)
        #expect(honest.trace.filter { $0.hasPrefix("nvme 02") }.count == 3)

        // An idle controller that reports "never sanitized" after accepting the command.
        let d2 = MemoryBlockDevice(size: size)
        let idle = ScriptedTransports(nvme: { cmd in
            if cmd.opcode == 0x84 { FirmwarePurgeJobTests.erase(d2); return ScriptedTransports.nvmeOK() }
            return log(0x0000, 0)
        })
        let no = run(.nvmeSanitizeBlockErase, d2, idle)
        #expect(no.result == .failed && no.reasons.contains(.deviceStatusFailed))
    }

    /// A stop request before the destructive command: aborted (exit 130), nothing destructive sent.
    @Test func cancelBeforeTheCommandEndsAbortedWithNothingSent() {
        let destructive: Set<String> = ["Format NVM", "Sanitize", "SANITIZE BLOCK ERASE EXT", "SECURITY SET PASSWORD", "SECURITY ERASE PREPARE",
                                        "SECURITY ERASE UNIT", "SANITIZE"]
        // Stopped before the job started: nothing written, nothing sent.
        let d = MemoryBlockDevice(size: size)
        let before = d.contents
        let stopped = CancellationFlag()
        stopped.cancel()
        let t = ScriptedTransports()
        let o = run(.nvmeSanitizeBlockErase, d, t, cancellation: stopped)
        #expect(o.result == .aborted && o.reasons == [.abortedBySignal])
        #expect(o.exitStatus == .interrupted && o.exitStatus.rawValue == 130)
        #expect(t.trace.isEmpty)
        #expect(o.firmware?.commands.isEmpty == true)
        #expect(d.contents == before, "no canary written either")

        // Stopped while the drive answered IDENTIFY, before SECURITY SET PASSWORD.
        let flag = CancellationFlag()
        let ata = ScriptedTransports(scsi: { cmd in
            guard cmd.cdb[14] == 0xEC else { return ScriptedTransports.ataRegisters(status: 0x50) }
            flag.cancel()
            return Self.securityIdentify(passwordSet: false)
        })
        let s = run(.ataSecurityEraseEnhanced, MemoryBlockDevice(size: size), ata, cancellation: flag)
        #expect(s.result == .aborted && s.reasons == [.abortedBySignal] && s.exitStatus == .interrupted)
        #expect(ata.trace == ["ata EC"])
        #expect(s.firmware?.commands.contains { destructive.contains($0.name) } == false)
        #expect(s.verification.completed == false)
    }

    /// A stop request after the command was sent: the drive's own result, followed to the end;
    /// never `passed` with an error beside it.
    @Test func cancelAfterTheCommandWasSentEndsWithTheDrivesResult() {
        for finalStatus: UInt16 in [0x0101, 0x0003] {
            let d = MemoryBlockDevice(size: size)
            let flag = CancellationFlag()
            let polls = Mutex(0)
            let t = ScriptedTransports(nvme: { cmd in
                if cmd.opcode == 0x84 { flag.cancel(); FirmwarePurgeJobTests.erase(d); return ScriptedTransports.nvmeOK() }
                let n = polls.withLock { $0 += 1; return $0 }
                return FirmwarePurgeJobTests.sanitizeLog(sstat: n < 3 ? 0x0002 : finalStatus, scdw10: 2)
            })
            let o = run(.nvmeSanitizeBlockErase, d, t, cancellation: flag)
            #expect(o.firmware?.commands.contains { $0.name == "Sanitize" } == true)
            #expect(o.firmware?.deviceStatus.contains { $0.hasPrefix("stop requested after the command was sent") } == true)
            #expect(o.errors.allSatisfy { $0.operation != "signal" })
            if finalStatus == 0x0101 {
                #expect(o.result == .passed && o.errors.isEmpty, "\(o.reasons) \(o.errors)")
            } else {
                #expect(o.result == .failed && o.reasons.contains(.deviceStatusFailed))
            }
            #expect(o.result != .aborted)
        }
    }

    /// An ATA SANITIZE status script: idle before the command, in progress at the first poll after
    /// it, then completed without error (COUNT bit 15).
    static func ataSanitizeDrive(_ d: MemoryBlockDevice, erase: @escaping @Sendable (MemoryBlockDevice) -> Void) -> ScriptedTransports {
        let polls = Mutex(-1)
        return ScriptedTransports(scsi: { cmd in
            guard cmd.cdb[0] == 0x85, cmd.cdb[14] == 0xB4 else { return ScriptedTransports.good() }
            if cmd.cdb[4] != 0x00 { erase(d); polls.withLock { $0 = 0 }; return ScriptedTransports.ataRegisters(status: 0x50) }
            let n = polls.withLock { p -> Int in if p >= 0 { p += 1 }; return p }
            return n < 0 ? ScriptedTransports.ataRegisters(status: 0x50, lba: 0xFFFF)
                : n == 1 ? ScriptedTransports.ataRegisters(status: 0x50, count: 0x4000, lba: 0x8000)
                : ScriptedTransports.ataRegisters(status: 0x50, count: 0x8000, lba: 0xFFFF)
        })
    }

    /// Crypto scramble leaves unspecified content: RZAT (reads zero after TRIM) promises nothing
    /// about it, so random-looking canaries pass and no pattern is expected.
    @Test func cryptoScrambleOnARZATDriveExpectsNoValue() {
        let d = MemoryBlockDevice(size: size)
        let t = Self.ataSanitizeDrive(d) { d in
            let block = (0..<4096).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
            let noise = Array(repeatElement(block, count: d.size.int / 4096).joined())
            noise.withUnsafeBytes { _ = try? d.write($0, at: .zero) }
        }
        let o = run(.ataSanitizeCryptoScramble, d, t, erasedValue: 0x00)
        #expect(o.result == .passed, "\(o.reasons) \(o.errors) \(o.firmware?.deviceStatus ?? [])")
        #expect(o.verification.expectedPattern == nil)
        let caps = PurgeCapabilities(interface: "ata", available: [.ataSanitizeCryptoScramble], erasedReadValue: 0x00)
        let plan = PurgePlan(identity: d.identity, technique: .ataSanitizeCryptoScramble, capabilities: caps, canarySeed: 1)
        #expect(plan.promisedReadValue == nil)
        #expect(plan.description.contains("the content after crypto-erase is unspecified"))
        #expect(!plan.description.contains("must read"))
    }

    /// A promised value is checked where the command defines it: NVMe Sanitize block erase with
    /// NDAS clear deallocates, and DLFEAT says deallocated blocks read 00h.
    @Test func valueIsCheckedOnlyWhereTheCommandDefinesIt() {
        let d = MemoryBlockDevice(size: size)
        let polls = Mutex(0)
        let t = ScriptedTransports(nvme: { cmd in
            if cmd.opcode == 0x84 { FirmwarePurgeJobTests.erase(d, to: 0xFF); return ScriptedTransports.nvmeOK() }
            let n = polls.withLock { $0 += 1; return $0 }
            return FirmwarePurgeJobTests.sanitizeLog(sstat: n < 3 ? 0x0002 : 0x0101, scdw10: 2)
        })
        let o = run(.nvmeSanitizeBlockErase, d, t, erasedValue: 0x00)
        #expect(o.result == .failed && o.reasons == [.verificationMismatch])
        #expect(o.verification.expectedPattern == "zero" && o.verification.mismatchedBlocks == 32)
        let overwrite = PurgePlan(identity: d.identity, technique: .ataSanitizeOverwrite, capabilities: PurgeCapabilities(interface: "ata"), canarySeed: 1)
        #expect(overwrite.promisedReadValue == 0x00 && overwrite.description.contains("must read 0x00"))
    }

    /// A drive that shuffles blocks instead of erasing them: every canary changed, but each holds
    /// another canary's content. Relocation is caught.
    @Test func canariesHoldingAnotherCanarysContentFail() {
        let d = MemoryBlockDevice(size: size)
        let t = ScriptedTransports(nvme: { cmd in
            guard cmd.opcode == 0x80 else { return ScriptedTransports.nvmeOK() }
            let medium = d.contents, tag = Array("EXPUNGE-CANARY".utf8)
            let blocks = stride(from: 0, to: medium.count, by: 512).filter { medium[$0..<$0 + 512].starts(with: tag) }
            for (i, offset) in blocks.enumerated() {
                let from = blocks[(i + 1) % blocks.count]
                Array(medium[from..<from + 512]).withUnsafeBytes { _ = try? d.write($0, at: ByteCount(offset)) }
            }
            return ScriptedTransports.nvmeOK()
        })
        let o = run(.nvmeFormatCryptoErase, d, t)
        #expect(o.result == .failed && o.reasons == [.dataUnchanged])
        #expect(o.verification.mismatchedBlocks == 32)
        #expect(o.errors.contains { $0.message.contains("another canary's content") })
    }

    /// The Sanitize Status log keeps describing the last sanitize: a "succeeded" that was already
    /// there before the command is no proof; a transition after it is.
    @Test func nvmeSanitizeStatusThatAlreadySaidSucceededIsNotProof() {
        func drive(_ d: MemoryBlockDevice, before: UInt16, after: UInt16, scdw10Before: UInt32 = 2) -> ScriptedTransports {
            let sent = Mutex(false)
            return ScriptedTransports(nvme: { cmd in
                if cmd.opcode == 0x84 { FirmwarePurgeJobTests.erase(d); sent.withLock { $0 = true }; return ScriptedTransports.nvmeOK() }
                return sent.withLock { $0 } ? FirmwarePurgeJobTests.sanitizeLog(sstat: after, scdw10: 2)
                    : FirmwarePurgeJobTests.sanitizeLog(sstat: before, scdw10: scdw10Before)
            })
        }
        // Stale: succeeded (same action) before and after, no progress, no Global Data Erased change.
        let d = MemoryBlockDevice(size: size)
        let stale = drive(d, before: 0x0001, after: 0x0001)
        let o = run(.nvmeSanitizeBlockErase, d, stale)
        #expect(o.result == .failed && o.reasons == [.deviceStatusFailed], "\(o.reasons)")
        #expect(o.firmware?.deviceReportedCompletion == false)
        #expect(o.firmware?.deviceStatus.contains { $0.hasPrefix("no transition observed") } == true)
        #expect(stale.trace.first == "nvme 02 007F0081", "the log is read before the command")
        #expect(stale.trace.filter { $0.hasPrefix("nvme 84") }.count == 1)

        // Transitions that do prove it, without a progress poll in between.
        for (before, after, scdw10Before, why) in [(UInt16(0x0000), UInt16(0x0101), UInt32(0), "the log said never"),
                                                   (0x0001, 0x0101, 2, "Global Data Erased set"),
                                                   (0x0101, 0x0101, 4, "SCDW10 changed")] {
            let e = MemoryBlockDevice(size: size)
            let ok = run(.nvmeSanitizeBlockErase, e, drive(e, before: before, after: after, scdw10Before: scdw10Before))
            #expect(ok.result == .passed, "\(why): \(ok.reasons) \(ok.firmware?.deviceStatus ?? [])")
            #expect(ok.firmware?.deviceStatus.contains { $0.hasPrefix("sanitize completed") && $0.contains(why) } == true, "\(why)")
        }
    }

    /// SANITIZE STATUS EXT bit 15 is sticky: set before the command and never cleared, it proves
    /// nothing about this command; clear before and set after, it does.
    @Test func ataSanitizeCompletedBitAlreadySetIsNotProof() {
        func drive(_ d: MemoryBlockDevice, countBefore: UInt16) -> ScriptedTransports {
            let sent = Mutex(false)
            return ScriptedTransports(scsi: { cmd in
                guard cmd.cdb[0] == 0x85, cmd.cdb[14] == 0xB4 else { return ScriptedTransports.good() }
                if cmd.cdb[4] != 0x00 { FirmwarePurgeJobTests.erase(d); sent.withLock { $0 = true }; return ScriptedTransports.ataRegisters(status: 0x50) }
                return ScriptedTransports.ataRegisters(status: 0x50, count: sent.withLock { $0 } ? 0x8000 : countBefore, lba: 0xFFFF)
            })
        }
        let d = MemoryBlockDevice(size: size)
        let sticky = drive(d, countBefore: 0x8000)
        let o = run(.ataSanitizeBlockErase, d, sticky)
        #expect(o.result == .failed && o.reasons == [.deviceStatusFailed], "\(o.reasons)")
        #expect(o.firmware?.deviceReportedCompletion == false)
        #expect(o.firmware?.deviceStatus.contains { $0.contains("bit 15 was already set before the command") } == true)
        #expect(Array(sticky.trace.prefix(2)) == ["ata B4", "ata B4"] && o.firmware?.commands.first?.name == "SANITIZE STATUS EXT",
                "status read before the command")

        let e = MemoryBlockDevice(size: size)
        let ok = run(.ataSanitizeBlockErase, e, drive(e, countBefore: 0x0000))
        #expect(ok.result == .passed, "\(ok.reasons) \(ok.firmware?.deviceStatus ?? [])")
        #expect(ok.firmware?.commands.map(\.name) == ["SANITIZE STATUS EXT", "SANITIZE BLOCK ERASE EXT"], "polls are status observations, not commands")
    }

    /// SCSI keeps no record of a finished sanitize: without SANITIZE IN PROGRESS seen after the
    /// command, a good TEST UNIT READY proves nothing.
    @Test func scsiSanitizeWithoutObservedProgressFails() {
        let d = MemoryBlockDevice(size: size)
        let t = ScriptedTransports(scsi: { cmd in
            if cmd.cdb[0] == 0x48 { FirmwarePurgeJobTests.erase(d) }
            return ScriptedTransports.good(cmd.cdb[0] == 0x03 ? [0x70, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] : [])
        })
        let o = run(.scsiSanitizeBlockErase, d, t)
        #expect(o.result == .failed && o.reasons == [.deviceStatusFailed], "\(o.reasons)")
        #expect(o.firmware?.deviceReportedCompletion == false)
        #expect(o.firmware?.deviceStatus.contains { $0.contains("never reported SANITIZE IN PROGRESS") } == true)
        #expect(!t.trace.contains("scsi 00"), "no TEST UNIT READY taken as proof")
    }

    @Test func rejectedSanitizeIsNotSupportedWithExit2() {
        let d = MemoryBlockDevice(size: size)
        let o = run(.nvmeSanitizeCryptoErase, d, ScriptedTransports(nvme: { _ in ScriptedTransports.nvmeStatus(0x4001) }))
        #expect(o.result == .failed && o.reasons.contains(.notSupported))
        #expect(o.exitStatus == .notSupported)
        #expect(o.firmware?.commands.first?.response.hasPrefix("Invalid Command Opcode") == true)
    }

    @Test func ataSanitizePollsStatusUntilCompleted() {
        let d = MemoryBlockDevice(size: size)
        let polls = Mutex(0)
        let t = ScriptedTransports(scsi: { cmd in
            guard cmd.cdb[0] == 0x85, cmd.cdb[14] == 0xB4 else { return ScriptedTransports.good() }
            if cmd.cdb[4] == 0x12 { FirmwarePurgeJobTests.erase(d); return ScriptedTransports.ataRegisters(status: 0x50) }
            let n = polls.withLock { $0 += 1; return $0 }
            return n < 2 ? ScriptedTransports.ataRegisters(status: 0x50, count: 0x4000, lba: 0x8000) : ScriptedTransports.ataRegisters(status: 0x50, count: 0x8000)
        })
        let o = run(.ataSanitizeBlockErase, d, t)
        #expect(o.result == .passed, "\(o.reasons) \(o.firmware?.deviceStatus ?? [])")
        #expect(o.firmware?.deviceStatus.contains { $0.contains("in progress") } == true)
    }

    @Test func abortedATASanitizeIsReportedNotAssumed() {
        let d = MemoryBlockDevice(size: size)
        let t = ScriptedTransports(scsi: { _ in ScriptedTransports.ataRegisters(status: 0x51, error: 0x04) })
        let o = run(.ataSanitizeCryptoScramble, d, t)
        #expect(o.result == .failed && o.reasons.contains(.notSupported))
        #expect(o.firmware?.commands.first?.accepted == false)
        #expect(o.firmware?.commands.first?.response.contains("aborted") == true)
    }

    /// IDENTIFY DEVICE data of a drive with the security feature set supported (word 82 bit 1)
    /// and enhanced erase supported (word 128 bits 0 and 5), its password set or not (bit 1).
    static func securityIdentify(passwordSet: Bool) -> SCSIResult {
        var w = [UInt16](repeating: 0, count: 256)
        w[82] = 0x0002
        w[128] = 0x0001 | 0x0020 | (passwordSet ? 0x0002 : 0)
        return ScriptedTransports.good(w.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    }

    @Test func securityErasePasswordIsRemovedEvenWhenTheEraseFails() {
        let d = MemoryBlockDevice(size: size)
        let enabled = Mutex(false)
        let t = ScriptedTransports(scsi: { cmd in
            switch cmd.cdb[14] {
            case 0xEC: return Self.securityIdentify(passwordSet: enabled.withLock { $0 })
            case 0xF1: enabled.withLock { $0 = true }; return ScriptedTransports.ataRegisters(status: 0x50)
            case 0xF4: return ScriptedTransports.ataRegisters(status: 0x51, error: 0x04)   // erase aborted
            case 0xF6: enabled.withLock { $0 = false }; return ScriptedTransports.ataRegisters(status: 0x50)
            default: return ScriptedTransports.ataRegisters(status: 0x50)
            }
        })
        let o = run(.ataSecurityEraseEnhanced, d, t)
        #expect(o.result == .failed)
        #expect(t.trace.contains("ata F6"), "DISABLE PASSWORD sent after the failed erase: \(t.trace)")
        #expect(o.firmware?.deviceStatus.contains("temporary password removed") == true)
        #expect(!enabled.withLock { $0 })
    }

    /// ATA SECURITY commands are sent with CK_COND, so a SAT-conforming SATL returns the registers;
    /// a SATL that answers GOOD with no sense (libata) is read as success too, not as rejected.
    @Test(arguments: ScriptedTransports.ATASuccessReporting.allCases)
    func securityEraseSucceedsWithRegistersOrWithoutSense(reporting: ScriptedTransports.ATASuccessReporting) {
        let d = MemoryBlockDevice(size: size)
        let enabled = Mutex(false)
        let t = ScriptedTransports(scsi: { cmd in
            switch cmd.cdb[14] {
            case 0xEC: return Self.securityIdentify(passwordSet: enabled.withLock { $0 })
            case 0xF1: enabled.withLock { $0 = true }
            case 0xF4: FirmwarePurgeJobTests.erase(d); enabled.withLock { $0 = false }   // a successful erase clears the password
            default: break
            }
            return ScriptedTransports.ataRegisters(status: 0x50)
        }, ataSuccess: reporting)
        let o = run(.ataSecurityEraseEnhanced, d, t)
        #expect(o.result == .passed, "\(reporting): \(o.reasons) \(o.firmware?.commands.map(\.response) ?? [])")
        #expect(o.firmware?.commands.allSatisfy(\.accepted) == true)
        #expect(t.trace == ["ata EC", "ata F1", "ata F3", "ata F4", "ata EC"], "no DISABLE PASSWORD: the erase removed it")
        let responses = o.firmware?.commands.map(\.response) ?? []
        if reporting == .noSense { #expect(responses.dropFirst().allSatisfy { $0 == "GOOD (no ATA registers returned)" }) }
        else { #expect(responses.dropFirst().allSatisfy { $0.hasPrefix("ATA status 0x50") }) }
    }

    @Test func scsiSanitizeWaitsForTheDriveThenChecksReadiness() {
        let d = MemoryBlockDevice(size: size)
        let senses = Mutex(0)
        let t = ScriptedTransports(scsi: { cmd in
            switch cmd.cdb[0] {
            case 0x48: FirmwarePurgeJobTests.erase(d); return ScriptedTransports.good()
            case 0x03:
                let n = senses.withLock { $0 += 1; return $0 }
                var s = [UInt8](repeating: 0, count: 18)
                s[0] = 0x70; s[7] = 10
                if n < 3 { s[2] = 0x02; s[12] = 0x04; s[13] = 0x1B; s[15] = 0x80; s[16] = 0x40 }
                return ScriptedTransports.good(s)
            default: return ScriptedTransports.good()
            }
        })
        let o = run(.scsiSanitizeCryptoErase, d, t)
        #expect(o.result == .passed, "\(o.reasons)")
        #expect(t.trace.filter { $0 == "scsi 03" }.count == 3)
        #expect(t.trace.last == "scsi 00", "TEST UNIT READY at the end")
    }

    @Test func hiddenAreaFailsThePurgeUnlessRemoved() {
        let d = MemoryBlockDevice(size: size)
        let restored = Mutex(false), erased = Mutex(false)
        let t = ScriptedTransports(scsi: { cmd in
            switch cmd.cdb[14] {
            case 0x37: restored.withLock { $0 = true }; return ScriptedTransports.ataRegisters(status: 0x50)
            case 0xEC:
                var w = [UInt16](repeating: 0, count: 256)
                let sectors: UInt64 = restored.withLock { $0 } ? 0x2_0001 : 0x1_0000
                w[100] = UInt16(sectors & 0xFFFF); w[101] = UInt16(sectors >> 16)
                return ScriptedTransports.good(w.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            case 0xB4 where cmd.cdb[4] == 0x12:
                FirmwarePurgeJobTests.erase(d); erased.withLock { $0 = true }
                return ScriptedTransports.ataRegisters(status: 0x50)
            default:
                // SANITIZE STATUS EXT: idle before the erase, completed without error after it.
                return ScriptedTransports.ataRegisters(status: 0x50, count: erased.withLock { $0 } ? 0x8000 : 0)
            }
        })
        var caps = PurgeCapabilities(interface: "ata", available: [.ataSanitizeBlockErase])
        caps.hiddenSectors = 0x1_0001
        caps.nativeMaxLBA = 0x2_0000
        var plan = PurgePlan(identity: d.identity, technique: .ataSanitizeBlockErase, capabilities: caps, canarySeed: 1, canaryCount: 4)
        let refused = FirmwarePurgeJob(plan: plan, device: d, transports: t, identityReader: FakeIdentityReader(behaviour: .same(d.identity)), clock: InstantClock()).run()
        #expect(refused.result == .failed && refused.reasons == [.hiddenArea])
        #expect(t.trace.isEmpty, "nothing sent to the drive")
        plan.removeHiddenAreas = true
        let done = FirmwarePurgeJob(plan: plan, device: d, transports: t, identityReader: FakeIdentityReader(behaviour: .same(d.identity)), clock: InstantClock()).run()
        #expect(done.result == .passed, "\(done.reasons) \(done.errors)")
        #expect(t.trace.first == "ata 37")
        #expect(done.firmware?.deviceStatus.first?.contains("Host Protected Area removed") == true)
    }

    /// `--allow-hidden-areas`: the purge is sent, and the certificate says the hidden range was
    /// not sanitized (canaries cannot reach it; the command's coverage of it is not established).
    @Test func allowedHiddenAreaIsPurgedButCertifiedNotSanitized() {
        let d = MemoryBlockDevice(size: size)
        let erased = Mutex(false)
        let t = ScriptedTransports(scsi: { cmd in
            switch cmd.cdb[14] {
            case 0xB4 where cmd.cdb[4] == 0x12:
                FirmwarePurgeJobTests.erase(d); erased.withLock { $0 = true }
                return ScriptedTransports.ataRegisters(status: 0x50)
            case 0xB4: return ScriptedTransports.ataRegisters(status: 0x50, count: erased.withLock { $0 } ? 0x8000 : 0)
            default: return ScriptedTransports.ataRegisters(status: 0x51, error: 0x04)
            }
        })
        var caps = PurgeCapabilities(interface: "ata", available: [.ataSanitizeBlockErase])
        caps.hiddenSectors = 0x1000
        caps.nativeMaxLBA = d.size.bytes / 512 - 1 + 0x1000
        var plan = PurgePlan(identity: d.identity, technique: .ataSanitizeBlockErase, capabilities: caps, canarySeed: 1, canaryCount: 4)
        plan.allowHiddenAreas = true
        let first = d.size.bytes / 512
        plan.capacity = CapacityRecord(addressedBytes: d.size, nativeBytes: d.size + ByteCount(0x1000 * 512), logicalBlockBytes: ByteCount(512),
                                       hiddenAreas: .notSanitized, hiddenRanges: [.init(kind: .hpa, firstLBA: first, lastLBA: first + 0xFFF)], basis: "test")
        let o = FirmwarePurgeJob(plan: plan, device: d, transports: t, identityReader: FakeIdentityReader(behaviour: .same(d.identity)), clock: InstantClock()).run()
        #expect(o.result == .failed && o.reasons == [.hiddenAreaNotSanitized], "\(o.reasons) \(o.errors)")
        #expect(t.trace.contains("ata B4") && !t.trace.contains("ata 37"), "purged as it is, nothing restored: \(t.trace)")
        #expect(o.capacity?.hiddenRanges.first?.removed == false)
        #expect(o.errors.contains { $0.operation == "hidden-area" && $0.range?.offset == d.size })
    }
}
