import BlockIO
import Foundation
import Glibc
import StorageModel

/// Everything decided before a firmware purge starts.
public struct PurgePlan: Sendable {
    public var attemptID: UUID
    public var identity: DeviceIdentity
    public var technique: PurgeTechnique
    public var capabilities: PurgeCapabilities
    /// Seed of the canary positions (SplitMix64), recorded on the certificate.
    public var canarySeed: UInt64
    public var canaryCount: Int
    /// Sent although the device does not advertise it (`--force`): the device's answer decides.
    public var forced: Bool
    /// Restore the native maximum (remove a Host Protected Area) before the purge.
    public var removeHiddenAreas: Bool = false

    public init(attemptID: UUID = UUID(), identity: DeviceIdentity, technique: PurgeTechnique, capabilities: PurgeCapabilities,
                canarySeed: UInt64 = SecureRandom.uint64(), canaryCount: Int = 62, forced: Bool = false) {
        self.forced = forced
        self.attemptID = attemptID
        self.identity = identity
        self.technique = technique
        self.capabilities = capabilities
        self.canarySeed = canarySeed
        self.canaryCount = canaryCount
    }

    /// The firmware commands the purge sends, decoded, for `--dry-run` and confirmation.
    public var commands: [String] {
        switch technique {
        case .nvmeFormatUserDataErase, .nvmeFormatCryptoErase:
            return [NVMeAdminCommand.formatNVM(nsid: capabilities.nvmeNamespace ?? 1, lbaFormat: capabilities.nvmeLBAFormat ?? 0,
                                               secureErase: technique == .nvmeFormatCryptoErase ? .cryptographicErase : .userDataErase).description]
        case .nvmeSanitizeBlockErase, .nvmeSanitizeCryptoErase, .nvmeSanitizeOverwrite:
            return [FirmwarePurgeJob.nvmeSanitize(technique).description, NVMeAdminCommand.sanitizeStatusLog().description + " (polled every second)"]
        case .ataSanitizeBlockErase, .ataSanitizeCryptoScramble, .ataSanitizeOverwrite:
            return [FirmwarePurgeJob.ataSanitize(technique).description, ATACommand.sanitizeStatus().description + " (polled every second)"]
        case .ataSecurityErase, .ataSecurityEraseEnhanced:
            let pw = Array("expunge-temporary".utf8)
            return [ATACommand.identifyDevice().description, ATACommand.securitySetPassword(pw).description, ATACommand.securityErasePrepare().description,
                    ATACommand.securityEraseUnit(pw, enhanced: technique == .ataSecurityEraseEnhanced, timeoutMilliseconds: 0).description,
                    ATACommand.identifyDevice().description + " (the password must be gone)",
                    ATACommand.securityDisablePassword(pw).description + " (only if the password remained)"]
        case .scsiSanitizeBlockErase, .scsiSanitizeCryptoErase, .scsiSanitizeOverwrite:
            return [FirmwarePurgeJob.scsiSanitize(technique).description, SCSICommand.requestSense().description + " (polled every 5 seconds)",
                    SCSICommand.testUnitReady().description]
        }
    }

    public var description: String {
        var lines = ["\(identity.path): purge by \(technique.rawValue) (\(technique.method))"]
        lines.append("  before: write \(canaryCount + 2) seeded canary blocks (seed \(canarySeed)), flush, read them back")
        for c in commands { lines.append("  send: \(c)") }
        lines.append("  after: read the canary blocks with O_DIRECT: every one must have changed"
                     + (capabilities.erasedReadValue.map { String(format: " (and read 0x%02X)", $0) } ?? ""))
        for n in capabilities.notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }
}

/// A Purge by the drive's own command: NVMe Format/Sanitize, ATA SANITIZE / SECURITY ERASE UNIT,
/// SCSI SANITIZE. Success needs all of: the command accepted; the device's own status saying
/// completed, where it has one; and every canary block written before the command changed
/// afterwards (matching the expected pattern where the drive promises one). A drive that accepts
/// the command and changes nothing ends failed.
public final class FirmwarePurgeJob: @unchecked Sendable {
    public let plan: PurgePlan
    let device: any BlockDevice
    let transports: any FirmwareTransportFactory
    let identityReader: any IdentityReading
    let clock: any WipeClock
    let cancellation: CancellationFlag
    /// Where the temporary ATA password is persisted before it is set (so a crash never leaves a
    /// drive locked with an unknown password).
    let persistSecret: @Sendable (String) -> Void

    var record: FirmwareRecord
    var errors: [WipeErrorRecord] = []

    public init(plan: PurgePlan, device: any BlockDevice, transports: any FirmwareTransportFactory, identityReader: any IdentityReading,
                clock: any WipeClock = SystemWipeClock(), cancellation: CancellationFlag = CancellationFlag(),
                persistSecret: @escaping @Sendable (String) -> Void = { _ in }) {
        self.plan = plan
        self.device = device
        self.transports = transports
        self.identityReader = identityReader
        self.clock = clock
        self.cancellation = cancellation
        self.persistSecret = persistSecret
        record = FirmwareRecord(technique: plan.technique.rawValue, method: plan.technique.method, interface: plan.technique.interface.rawValue, notes: plan.capabilities.notes)
    }

    public func runDetached() async -> WipeOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<WipeOutcome, Never>) in
            let thread = Thread { continuation.resume(returning: self.run()) }
            thread.name = "expunge.purge \(plan.identity.path)"
            thread.start()
        }
    }

    enum CommandOutcome { case completed, rejected, unsupported, statusFailed }

    public func run() -> WipeOutcome {
        let started = clock.now(), startNanos = clock.uptimeNanoseconds()
        var reasons: [FailureReason] = []
        var verification = VerificationRecord(mode: .sample, seed: plan.canarySeed, samplingAlgorithm: "canary-splitmix64-v1",
                                              samples: plan.canaryCount + 2, startedAt: Timestamp.rfc3339(started))
        if let hidden = plan.capabilities.hiddenSectors, hidden > 0 {
            if let problem = restoreHiddenArea(hidden) {
                reasons.append(.hiddenArea)
                errors.append(WipeErrorRecord(operation: "hidden-area", message: problem))
            }
        }
        let canaries = CanarySet(device: device, seed: plan.canarySeed, count: plan.canaryCount)
        do {
            guard reasons.isEmpty else { throw Errno.invalidArgument }
            try canaries.plant()
        } catch where reasons.isEmpty {
            errors.append(WipeErrorRecord(operation: "write", errno: (error as? Errno)?.symbol, message: "could not write the canary blocks: \(error)"))
            reasons.append(.ioFailure)
        } catch {}

        if reasons.isEmpty {
            switch execute() {
            case .completed: break
            case .rejected: reasons.append(.commandRejected)
            case .unsupported: reasons.append(.notSupported)
            case .statusFailed: reasons.append(.deviceStatusFailed)
            }
            if cancellation.isCancelled { errors.append(WipeErrorRecord(operation: "signal", message: "stop requested; the drive completes a firmware command on its own")) }
        }

        // Check the canaries whatever the command said: evidence either way.
        if !reasons.contains(.ioFailure) && !reasons.contains(.hiddenArea) {
            let expected: UInt8? = plan.technique.method == "overwrite" ? 0x00 : plan.capabilities.erasedReadValue
            let check = canaries.check(expecting: expected)
            verification.bytesCompared = check.bytesRead
            verification.coverage = device.size == .zero ? 0 : (Double(check.bytesRead.bytes) / Double(device.size.bytes) * 1_000_000).rounded() / 1_000_000
            verification.mismatchedBlocks = UInt64(check.survivors.count + check.patternMismatches.count)
            verification.firstMismatchOffsets = Array((check.survivors + check.patternMismatches).sorted().prefix(32))
            verification.unreadableRanges = check.unreadable
            verification.expectedPattern = expected.map { $0 == 0 ? "zero" : $0 == 0xFF ? "one" : String(format: "0x%02X", $0) }
            verification.completed = true
            if !check.survivors.isEmpty {
                reasons.append(.dataUnchanged)
                errors.append(WipeErrorRecord(operation: "verify", message: "\(check.survivors.count) of \(canaries.positions.count) canary blocks survived the command unchanged"))
            }
            if !check.patternMismatches.isEmpty { reasons.append(.verificationMismatch) }
            if !check.unreadable.isEmpty { reasons.append(.readErrors) }
        }
        verification.endedAt = Timestamp.rfc3339(clock.now())

        var identityAtEnd: DeviceIdentity?
        do {
            identityAtEnd = try identityReader.currentIdentity()
            let diff = plan.identity.differences(from: identityAtEnd!)
            if !diff.isEmpty {
                reasons.append(.identityChanged)
                errors.append(WipeErrorRecord(operation: "identity", message: "device identity changed: " + diff.joined(separator: "; ")))
            }
        } catch {
            reasons.append(.identityChanged)
            errors.append(WipeErrorRecord(operation: "identity", message: "device identity could not be re-read: \(error)"))
        }
        let result: WipeResult = reasons.isEmpty ? .passed : .failed
        return WipeOutcome(attemptID: plan.attemptID, result: result, reasons: reasons, level: .purge, technique: plan.technique.rawValue,
                           scheme: nil, chunkSize: device.physicalBlockSize, identityAtStart: plan.identity, identityAtEnd: identityAtEnd,
                           passes: [], verification: verification, errors: errors, firmware: record,
                           startedAt: Timestamp.rfc3339(started), endedAt: Timestamp.rfc3339(clock.now()),
                           durationSeconds: WipeJob.seconds(since: startNanos, clock: clock))
    }

    /// A Host Protected Area keeps sectors out of the purge's and the verification's reach. Without
    /// consent it fails the purge; with `--remove-hidden-areas` the native maximum is restored
    /// (volatile) and confirmed by a fresh IDENTIFY. Returns the problem, or nil when resolved.
    func restoreHiddenArea(_ hidden: UInt64) -> String? {
        guard plan.removeHiddenAreas else {
            return "a Host Protected Area hides \(hidden) sectors; the purge would not be verifiable there (pass --remove-hidden-areas to restore the native capacity first)"
        }
        guard let native = plan.capabilities.nativeMaxLBA, let scsi = try? transports.scsi(plan.identity.path),
              let (_, regs) = try? ata(scsi, .setMaxAddressExt(native)), let regs, !regs.failed else {
            return "the drive refused to restore its native capacity (SET MAX ADDRESS EXT)"
        }
        guard let id = (try? scsi.execute(ATACommand.identifyDevice().scsi)).flatMap({ ATAIdentify($0.data) }), id.userSectors48 - 1 >= native else {
            return "the Host Protected Area is still in place after SET MAX ADDRESS EXT"
        }
        record.deviceStatus.append("Host Protected Area removed: accessible maximum restored to LBA \(native) (volatile)")
        return nil
    }

    // MARK: - Dispatch

    func execute() -> CommandOutcome {
        do {
            switch plan.technique.interface {
            case .nvme: return try executeNVMe()
            case .ata: return plan.technique == .ataSecurityErase || plan.technique == .ataSecurityEraseEnhanced ? try executeSecurityErase() : try executeATASanitize()
            case .scsi: return try executeSCSISanitize()
            }
        } catch {
            errors.append(WipeErrorRecord(operation: "command", errno: error.symbol, message: "the command could not be sent: \(error)"))
            return error == .notPermitted || error == .accessDenied ? .rejected : .unsupported
        }
    }

    func log(_ name: String, _ encoding: String, _ response: String, accepted: Bool, _ seconds: Double) {
        record.commands.append(FirmwareCommandRecord(name: name, encoding: encoding, response: response, accepted: accepted,
                                                     durationSeconds: (seconds * 1000).rounded() / 1000))
    }

    // MARK: NVMe

    static func nvmeSanitize(_ t: PurgeTechnique) -> NVMeAdminCommand {
        switch t {
        case .nvmeSanitizeCryptoErase: .sanitize(.cryptoErase)
        case .nvmeSanitizeOverwrite: .sanitize(.overwrite, overwritePasses: 1, pattern: 0)
        default: .sanitize(.blockErase)
        }
    }

    func submit(_ nvme: any NVMeAdminTransport, _ cmd: NVMeAdminCommand) throws(Errno) -> NVMeCompletion {
        let c = try nvme.submit(cmd)
        log(cmd.name, cmd.description, c.status.description + (c.result != 0 ? ", result \(hex32(c.result))" : ""), accepted: c.status.isSuccess, c.durationSeconds)
        return c
    }

    func executeNVMe() throws(Errno) -> CommandOutcome {
        let (nvme, nsid) = try transports.nvme(plan.identity.path)
        switch plan.technique {
        case .nvmeFormatCryptoErase, .nvmeFormatUserDataErase:
            let cmd = NVMeAdminCommand.formatNVM(nsid: nsid, lbaFormat: plan.capabilities.nvmeLBAFormat ?? 0,
                                                 secureErase: plan.technique == .nvmeFormatCryptoErase ? .cryptographicErase : .userDataErase)
            let c = try submit(nvme, cmd)
            if !c.status.isSuccess { return c.status.isUnsupported ? .unsupported : .rejected }
            record.deviceStatus.append("Format NVM completed synchronously (no status log exists for Format)")
            return .completed
        default:
            let cmd = Self.nvmeSanitize(plan.technique)
            let c = try submit(nvme, cmd)
            if !c.status.isSuccess { return c.status.isUnsupported ? .unsupported : .rejected }
            // Success needs an observed transition: in progress, or completed for *this* command.
            var sawProgress = false
            let deadline = clock.uptimeNanoseconds() + 48 * 3_600_000_000_000
            while clock.uptimeNanoseconds() < deadline {
                let l = try nvme.submit(.sanitizeStatusLog())
                guard l.status.isSuccess, let status = NVMeSanitizeStatus(l.data) else {
                    record.deviceStatus.append("Sanitize Status log unreadable: \(l.status)")
                    record.deviceReportedCompletion = false
                    return .statusFailed
                }
                switch status.state {
                case .inProgress:
                    if !sawProgress { record.deviceStatus.append("sanitize in progress (SPROG \(status.progress))") }
                    sawProgress = true
                    clock.sleep(seconds: 1)
                    continue
                case .succeeded where status.commandDword10 & 0x7 == cmd.cdw10 & 0x7:
                    record.deviceStatus.append("sanitize completed (SSTAT \(String(status.status, radix: 16)), SCDW10 \(hex32(status.commandDword10)))")
                    record.deviceReportedCompletion = true
                    return .completed
                case .succeededWithDeallocation:
                    record.deviceStatus.append("completed, but deallocated although No-Deallocate was requested (SSTAT 4)")
                    record.deviceReportedCompletion = true
                    return .completed
                default:
                    record.deviceStatus.append("sanitize status \(status.state) (SSTAT \(String(status.status, radix: 16)), SCDW10 \(hex32(status.commandDword10)))")
                    record.deviceReportedCompletion = false
                    return .statusFailed
                }
            }
            record.deviceStatus.append("sanitize did not complete within 48 hours")
            return .statusFailed
        }
    }

    // MARK: ATA

    static func ataSanitize(_ t: PurgeTechnique) -> ATACommand {
        switch t {
        case .ataSanitizeCryptoScramble: .sanitizeCryptoScramble()
        case .ataSanitizeOverwrite: .sanitizeOverwrite(pattern: 0, passes: 1)
        default: .sanitizeBlockErase()
        }
    }

    /// Sends an ATA command and reads its registers. A CHECK CONDITION with error sense (ABORTED
    /// COMMAND, ILLEGAL REQUEST…) is a failure whatever else comes back; no registers for a
    /// non-data command means the outcome is unknown, never success.
    func ata(_ scsi: any SCSITransport, _ cmd: ATACommand) throws(Errno) -> (SCSIResult, ATARegisters?) {
        let r = try scsi.execute(cmd.scsi)
        let sense = r.senseData
        var regs = sense?.ata
        let senseError = r.status == 0x02 && (sense?.reportsError ?? true)
        if senseError {
            // Make the failure visible in the registers the engine acts on: ERR set, ABRT if aborted.
            let aborted = sense?.isAbortedCommand ?? false
            regs = ATARegisters(error: (regs?.error ?? 0) | (aborted ? 0x04 : 0), status: (regs?.status ?? 0) | 0x01,
                                device: regs?.device ?? 0, count: regs?.count ?? 0, lba: regs?.lba ?? 0, complete: false)
        }
        var response: String
        if r.transportFailed { response = "transport error (host status \(r.hostStatus), driver status \(r.driverStatus))" }
        else if let regs { response = String(format: "ATA status 0x%02X error 0x%02X count 0x%04X", regs.status, regs.error, regs.count) + (regs.failed ? (regs.aborted ? " (aborted)" : " (error)") : "") }
        else if r.status == 0 { response = "GOOD (no ATA registers returned)" }
        else { response = "SCSI status \(r.status)" }
        if let sense, r.status != 0 { response += "; sense \(sense)" }
        let accepted = !r.transportFailed && !senseError && (regs.map { !$0.failed } ?? (r.status == 0 && cmd.transfer != .nonData))
        log(cmd.name, cmd.description, response, accepted: accepted, r.durationSeconds)
        return (r, regs)
    }

    func executeATASanitize() throws(Errno) -> CommandOutcome {
        let scsi = try transports.scsi(plan.identity.path)
        let (r, regs) = try ata(scsi, Self.ataSanitize(plan.technique))
        if r.transportFailed { return .rejected }
        guard let regs else { record.deviceStatus.append("no ATA registers: the command's fate is unknown"); return .rejected }
        if regs.failed { return regs.aborted ? .unsupported : .rejected }
        let deadline = clock.uptimeNanoseconds() + 48 * 3_600_000_000_000
        var sawProgress = false
        while clock.uptimeNanoseconds() < deadline {
            let (_, s) = try ata(scsi, .sanitizeStatus())
            guard let s, s.complete else {
                record.deviceStatus.append("SANITIZE STATUS EXT returned no complete registers (fixed-format sense loses COUNT 15:8)")
                record.deviceReportedCompletion = false
                return .statusFailed
            }
            if s.failed {
                record.deviceStatus.append("sanitize failed: reason \(s.lba & 0xFF) (1 failed, 2 unsupported, 3 frozen, 4 antifreeze)")
                record.deviceReportedCompletion = false
                return .statusFailed
            }
            if s.count & 0x4000 != 0 {
                if !sawProgress { record.deviceStatus.append("sanitize in progress (\(s.lba & 0xFFFF)/65536)") }
                sawProgress = true
                clock.sleep(seconds: 1)
                continue
            }
            if s.count & 0x8000 != 0 {
                record.deviceStatus.append("SANITIZE STATUS: completed without error")
                record.deviceReportedCompletion = true
                return .completed
            }
            record.deviceStatus.append(String(format: "SANITIZE STATUS: no completion reported (count 0x%04X)", s.count))
            record.deviceReportedCompletion = false
            return .statusFailed
        }
        return .statusFailed
    }

    /// ATA SECURITY ERASE UNIT: set a temporary user password (persisted first), ERASE PREPARE,
    /// ERASE UNIT, then make sure the password is gone — also on failure.
    func executeSecurityErase() throws(Errno) -> CommandOutcome {
        let scsi = try transports.scsi(plan.identity.path)
        let (before, _) = try ata(scsi, .identifyDevice())
        guard let id = ATAIdentify(before.data) else { return .rejected }
        if !id.securitySupported && !plan.forced { return .unsupported }
        if id.securityFrozen || id.securityLocked || id.securityEnabled { return .rejected }
        let password = Array("expunge-\(plan.attemptID.uuidString.prefix(8))".utf8)
        persistSecret(String(decoding: password, as: UTF8.self))
        let enhanced = plan.technique == .ataSecurityEraseEnhanced
        let minutes = (enhanced ? id.enhancedEraseMinutes : id.normalEraseMinutes) ?? 720
        let timeout = UInt32(min(Double(UInt32.max), Double(minutes * 2 + 60) * 60_000))
        defer { ensurePasswordRemoved(scsi, password) }
        let (_, set) = try ata(scsi, .securitySetPassword(password))
        guard let set, !set.failed else { return set?.aborted == true ? .unsupported : .rejected }
        let (_, prep) = try ata(scsi, .securityErasePrepare())
        guard let prep, !prep.failed else { return .rejected }
        let (_, erase) = try ata(scsi, .securityEraseUnit(password, enhanced: enhanced, timeoutMilliseconds: timeout))
        guard let erase, !erase.failed else { return .rejected }
        record.deviceStatus.append("SECURITY ERASE UNIT completed (\(enhanced ? "enhanced" : "normal"); drive estimate \(minutes) min)")
        return .completed
    }

    func ensurePasswordRemoved(_ scsi: any SCSITransport, _ password: [UInt8]) {
        guard let r = try? scsi.execute(ATACommand.identifyDevice().scsi), let id = ATAIdentify(r.data) else {
            record.deviceStatus.append("WARNING: could not confirm the temporary password was removed")
            return
        }
        if !id.securityEnabled { record.deviceStatus.append("security disabled afterwards: no password remains"); return }
        if id.securityLocked { _ = try? ata(scsi, .securityUnlock(password)) }
        _ = try? ata(scsi, .securityDisablePassword(password))
        let after = (try? scsi.execute(ATACommand.identifyDevice().scsi)).flatMap { ATAIdentify($0.data) }
        record.deviceStatus.append(after?.securityEnabled == false ? "temporary password removed"
                                   : "WARNING: the temporary password may remain; it is in the attempt journal")
    }

    // MARK: SCSI

    static func scsiSanitize(_ t: PurgeTechnique) -> SCSICommand {
        switch t {
        case .scsiSanitizeCryptoErase: .sanitize(.cryptoErase)
        case .scsiSanitizeOverwrite: .sanitize(.overwrite)
        default: .sanitize(.blockErase)
        }
    }

    func scsi(_ transport: any SCSITransport, _ cmd: SCSICommand) throws(Errno) -> SCSIResult {
        let r = try transport.execute(cmd)
        let response = r.transportFailed ? "transport error (host status \(r.hostStatus), driver status \(r.driverStatus))"
            : r.status == 0 ? "GOOD" : "CHECK CONDITION" + (r.senseData.map { ": \($0)" } ?? "")
        log(cmd.name, cmd.description, response, accepted: r.isGood, r.durationSeconds)
        return r
    }

    func executeSCSISanitize() throws(Errno) -> CommandOutcome {
        let t = try transports.scsi(plan.identity.path)
        let r = try scsi(t, Self.scsiSanitize(plan.technique))
        if r.transportFailed { return .rejected }
        if !r.isGood { return r.senseData?.isUnsupportedCommand == true ? .unsupported : .rejected }
        let deadline = clock.uptimeNanoseconds() + 48 * 3_600_000_000_000
        while clock.uptimeNanoseconds() < deadline {
            let s = try t.execute(.requestSense())
            if let sense = SenseData(s.data), sense.sanitizeInProgress {
                clock.sleep(seconds: 5)
                continue
            }
            if let sense = SenseData(s.data), sense.sanitizeFailed {
                record.deviceStatus.append("REQUEST SENSE: \(sense)")
                record.deviceReportedCompletion = false
                return .statusFailed
            }
            break
        }
        let ready = try scsi(t, .testUnitReady())
        record.deviceReportedCompletion = ready.isGood
        record.deviceStatus.append(ready.isGood ? "TEST UNIT READY: ready after sanitize" : "not ready after sanitize")
        return ready.isGood ? .completed : .statusFailed
    }
}

extension WipeClock {
    public func sleep(seconds: Double) { usleep(useconds_t(seconds * 1_000_000)) }
}
