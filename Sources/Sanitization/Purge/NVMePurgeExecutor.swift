import StorageModel
import BlockIO

/// NVMe Format NVM (NVMe Base 2.3 §5.2.10; synchronous, no status log) and Sanitize (§5.2.22;
/// runs in the background, followed through the Sanitize Status log page 81h, §5.2.12.1.33).
struct NVMePurgeExecutor: PurgeExecutor {
    /// Sanitize (84h) for a technique: SANACT 010b block erase, 011b overwrite (one pass of
    /// zeros, OVRPAT 0), 100b crypto erase; NDAS 0 (deallocate afterwards).
    static func sanitizeCommand(for technique: PurgeTechnique) -> NVMeAdminCommand {
        switch technique {
        case .nvmeSanitizeCryptoErase: .sanitize(.cryptoErase)
        case .nvmeSanitizeOverwrite: .sanitize(.overwrite, overwritePasses: 1, pattern: 0)
        default: .sanitize(.blockErase)
        }
    }

    /// Format NVM (80h) of the plan's namespace in its current LBA format, SES 001b or 010b.
    static func formatCommand(for plan: PurgePlan, namespace: UInt32? = nil) -> NVMeAdminCommand {
        .formatNVM(nsid: namespace ?? plan.capabilities.nvmeNamespace ?? 1, lbaFormat: plan.capabilities.nvmeLBAFormat ?? 0,
                   secureErase: plan.technique == .nvmeFormatCryptoErase ? .cryptographicErase : .userDataErase)
    }

    func execute(_ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let (nvme, nsid) = try context.transports.nvme(context.plan.identity.path)
        switch context.plan.technique {
        case .nvmeFormatCryptoErase, .nvmeFormatUserDataErase:
            let format = Self.formatCommand(for: context.plan, namespace: nsid)
            guard context.mayStart(format.name) else { return .cancelled }
            let c = try submit(nvme, format, context)
            if !c.status.isSuccess { return c.status.isUnsupported ? .unsupported : .rejected }
            context.recorder.status("Format NVM completed synchronously (no status log exists for Format)")
            return .completed
        default:
            return try sanitize(nvme, context)
        }
    }

    func submit(_ nvme: any NVMeAdminTransport, _ cmd: NVMeAdminCommand, _ context: PurgeContext) throws(Errno) -> NVMeCompletion {
        let c = try nvme.submit(cmd)
        context.recorder.command(cmd.name, encoding: cmd.description, response: c.status.description + (c.result != 0 ? ", result \(hex32(c.result))" : ""),
                                 accepted: c.status.isSuccess, seconds: c.durationSeconds)
        return c
    }

    /// Sanitize, then the Sanitize Status log until it shows THIS command completed. The log
    /// survives power cycles and keeps describing the last sanitize, so it is read before the
    /// command and completion needs an observed transition after it: sanitize in progress (SSTAT
    /// 010b) then success; or success where the log before said otherwise (never, failed, or
    /// another SCDW10); or Global Data Erased set where it was clear before (the canaries were just
    /// written). A log that already said "succeeded" before anything was sent is no proof: the
    /// result is then `statusFailed`.
    func sanitize(_ nvme: any NVMeAdminTransport, _ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let recorder = context.recorder
        let cmd = Self.sanitizeCommand(for: context.plan.technique)
        let before = try submit(nvme, .sanitizeStatusLog(), context)
        let baseline = before.status.isSuccess ? NVMeSanitizeStatus(before.data) : nil
        recorder.status(baseline.map { "before the command: " + Self.describe($0) } ?? "before the command: Sanitize Status log unreadable (\(before.status))")
        guard context.mayStart(cmd.name) else { return .cancelled }
        let c = try submit(nvme, cmd, context)
        if !c.status.isSuccess { return c.status.isUnsupported ? .unsupported : .rejected }

        var sawProgress = false, unchanged = 0
        let outcome = try StatusPoller(clock: context.clock, interval: 1).run { () throws(Errno) -> StatusPoller.Step in
            let l = try nvme.submit(.sanitizeStatusLog())
            guard l.status.isSuccess, let status = NVMeSanitizeStatus(l.data) else {
                recorder.status("Sanitize Status log unreadable: \(l.status)")
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            }
            switch status.state {
            case .inProgress:
                if !sawProgress { recorder.status("sanitize in progress (SPROG \(status.progress))") }
                sawProgress = true
                return .pending
            case .failed:
                recorder.status("sanitize failed: " + Self.describe(status))
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            case .succeeded, .succeededWithDeallocation:
                if status.sanitizeAction == cmd.cdw10 & 0x7, let evidence = Self.transition(from: baseline, to: status, sawProgress: sawProgress) {
                    recorder.status("sanitize completed: " + Self.describe(status) + "; " + evidence)
                    recorder.deviceReported(completion: true)
                    return .finished(.completed)
                }
            case .never, .other:
                break
            }
            // Not (yet) a status that belongs to this command.
            unchanged += 1
            guard unchanged >= StatusPoller.settlePolls else { return .pending }
            recorder.status("no transition observed after the command: " + Self.describe(status)
                            + "; the log does not show this command in progress or completed, so its completion is not confirmed")
            recorder.deviceReported(completion: false)
            return .finished(.statusFailed)
        }
        return recorder.pollVerdict(outcome)
    }

    /// Why a successful log belongs to this command, or nil when nothing shows it does.
    static func transition(from baseline: NVMeSanitizeStatus?, to now: NVMeSanitizeStatus, sawProgress: Bool) -> String? {
        if sawProgress { return "seen in progress after the command" }
        guard let baseline else { return nil }
        if baseline.state != .succeeded && baseline.state != .succeededWithDeallocation { return "the log said \(baseline.state) before the command" }
        if baseline.commandDword10 != now.commandDword10 { return "SCDW10 changed from \(hex32(baseline.commandDword10))" }
        if !baseline.globalDataErased && now.globalDataErased { return "Global Data Erased set (clear before the command)" }
        return nil
    }

    static func describe(_ s: NVMeSanitizeStatus) -> String {
        "SSTAT \(hex16(s.status)) (\(s.state)\(s.globalDataErased ? ", global data erased" : "")), SCDW10 \(hex32(s.commandDword10)), SPROG \(s.progress)"
    }
}
