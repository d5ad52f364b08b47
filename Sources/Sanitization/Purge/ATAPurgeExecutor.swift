import StorageModel
import BlockIO
import Foundation

/// ATA SANITIZE DEVICE (ACS-3 §7.36: CRYPTO SCRAMBLE, BLOCK ERASE, OVERWRITE EXT, followed with
/// SANITIZE STATUS EXT) and the Security feature set's SECURITY ERASE UNIT (ACS-3 §7.41–7.48),
/// all carried in ATA PASS-THROUGH(16).
struct ATAPurgeExecutor: PurgeExecutor {
    /// The SANITIZE sub-command for a technique; OVERWRITE EXT writes one pass of zeros.
    static func sanitizeCommand(for technique: PurgeTechnique) -> ATACommand {
        switch technique {
        case .ataSanitizeCryptoScramble: .sanitizeCryptoScramble()
        case .ataSanitizeOverwrite: .sanitizeOverwrite(pattern: 0, passes: 1)
        default: .sanitizeBlockErase()
        }
    }

    func execute(_ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let ata = ATAPassThrough(transport: try context.transports.scsi(context.plan.identity.path), recorder: context.recorder)
        switch context.plan.technique {
        case .ataSecurityErase, .ataSecurityEraseEnhanced: return try securityErase(ata, context)
        default: return try sanitize(ata, context)
        }
    }

    /// SANITIZE, then SANITIZE STATUS EXT until it shows THIS command completed. COUNT bit 15
    /// (sanitize operation completed without error) is sticky: it still describes an earlier
    /// sanitize. So the status is read before the command, and completion needs a transition after
    /// it: bit 14 (in progress, SD2) seen and then bit 15; or bit 15 set where it was clear before.
    /// Bit 15 already set before and no progress seen proves nothing: `statusFailed`.
    func sanitize(_ ata: ATAPassThrough, _ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let recorder = context.recorder
        let command = Self.sanitizeCommand(for: context.plan.technique)
        let before = try ata.send(.sanitizeStatus()).registers
        let completedBefore: Bool? = before.flatMap { $0.complete && !$0.failed ? $0.count & 0x8000 != 0 : nil }
        recorder.status(before.map { "before the command: " + Self.describeStatus($0) } ?? "before the command: SANITIZE STATUS EXT returned no registers")
        guard context.mayStart(command.name) else { return .cancelled }
        switch try ata.send(command).verdict {
        case .succeeded: break
        case .failed(let aborted): return aborted ? .unsupported : .rejected
        case .unknown:
            recorder.status("no usable answer from the SATL: the command's fate is unknown")
            return .rejected
        }
        var sawProgress = false, unchanged = 0
        let outcome = try StatusPoller(clock: context.clock, interval: 1).run { () throws(Errno) -> StatusPoller.Step in
            // Polls are observations, recorded in the device status rather than as commands.
            guard let s = try ata.query(.sanitizeStatus()).registers, s.complete else {
                recorder.status("SANITIZE STATUS EXT returned no complete registers (fixed-format sense, or none, loses COUNT 15:8)")
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            }
            if s.failed {
                recorder.status("sanitize failed: reason \(s.lba & 0xFF) (1 failed, 2 unsupported, 3 frozen, 4 antifreeze)")
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            }
            if s.count & 0x4000 != 0 {
                if !sawProgress { recorder.status("sanitize in progress (\(s.lba & 0xFFFF)/65536)") }
                sawProgress = true
                return .pending
            }
            if s.count & 0x8000 != 0, sawProgress || completedBefore == false {
                recorder.status("SANITIZE STATUS: completed without error; " + (sawProgress ? "seen in progress after the command" : "bit 15 was clear before the command"))
                recorder.deviceReported(completion: true)
                return .finished(.completed)
            }
            unchanged += 1
            guard unchanged >= StatusPoller.settlePolls else { return .pending }
            recorder.status("no transition observed after the command: " + Self.describeStatus(s)
                            + (s.count & 0x8000 != 0 ? "; bit 15 was already set before the command and no sanitize in progress was seen, so completion of this command is not confirmed"
                                                     : "; no completion reported"))
            recorder.deviceReported(completion: false)
            return .finished(.statusFailed)
        }
        return recorder.pollVerdict(outcome)
    }

    static func describeStatus(_ s: ATARegisters) -> String {
        String(format: "SANITIZE STATUS EXT COUNT 0x%04X (completed without error %d, in progress %d), LBA 15:0 0x%04X",
               s.count, s.count >> 15 & 1, s.count >> 14 & 1, s.lba & 0xFFFF)
    }

    /// SECURITY ERASE UNIT: set a temporary user password (persisted first), ERASE PREPARE,
    /// ERASE UNIT, then make sure the password is gone — also on failure.
    func securityErase(_ ata: ATAPassThrough, _ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let plan = context.plan
        guard let id = ATAIdentify(try ata.send(.identifyDevice()).result.data) else { return .rejected }
        if !id.securitySupported && !plan.forced { return .unsupported }
        if id.securityFrozen || id.securityLocked || id.securityEnabled { return .rejected }
        guard context.mayStart("SECURITY SET PASSWORD") else { return .cancelled }
        let password = Array("expunge-\(plan.attemptID.uuidString.prefix(8))".utf8)
        context.persistSecret(String(decoding: password, as: UTF8.self))
        let enhanced = plan.technique == .ataSecurityEraseEnhanced
        let minutes = (enhanced ? id.enhancedEraseMinutes : id.normalEraseMinutes) ?? 720
        let timeout = UInt32(min(Double(UInt32.max), Double(minutes * 2 + 60) * 60_000))
        defer { ensurePasswordRemoved(ata, password) }
        switch try ata.send(.securitySetPassword(password)).verdict {
        case .succeeded: break
        case .failed(aborted: true): return .unsupported
        default: return .rejected
        }
        guard context.mayStart("SECURITY ERASE PREPARE") else { return .cancelled }
        guard try ata.send(.securityErasePrepare()).succeeded else { return .rejected }
        guard try ata.send(.securityEraseUnit(password, enhanced: enhanced, timeoutMilliseconds: timeout)).succeeded else { return .rejected }
        context.recorder.status("SECURITY ERASE UNIT completed (\(enhanced ? "enhanced" : "normal"); drive estimate \(minutes) min)")
        return .completed
    }

    /// Reads IDENTIFY; if security is still enabled, UNLOCK (when locked) and DISABLE PASSWORD with
    /// the temporary password, then confirms.
    func ensurePasswordRemoved(_ ata: ATAPassThrough, _ password: [UInt8]) {
        guard let id = ata.identify() else {
            ata.recorder.status("WARNING: could not confirm the temporary password was removed")
            return
        }
        if !id.securityEnabled { ata.recorder.status("security disabled afterwards: no password remains"); return }
        if id.securityLocked { _ = try? ata.send(.securityUnlock(password)) }
        _ = try? ata.send(.securityDisablePassword(password))
        ata.recorder.status(ata.identify()?.securityEnabled == false ? "temporary password removed"
                            : "WARNING: the temporary password may remain; it is in the attempt journal")
    }
}
