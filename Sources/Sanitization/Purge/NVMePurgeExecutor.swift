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

    func sanitize(_ nvme: any NVMeAdminTransport, _ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let recorder = context.recorder
        let cmd = Self.sanitizeCommand(for: context.plan.technique)
        guard context.mayStart(cmd.name) else { return .cancelled }
        let c = try submit(nvme, cmd, context)
        if !c.status.isSuccess { return c.status.isUnsupported ? .unsupported : .rejected }
        // Success needs an observed transition: in progress, or completed for *this* command.
        var sawProgress = false
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
            case .succeeded where status.commandDword10 & 0x7 == cmd.cdw10 & 0x7:
                recorder.status("sanitize completed (SSTAT \(String(status.status, radix: 16)), SCDW10 \(hex32(status.commandDword10)))")
                recorder.deviceReported(completion: true)
                return .finished(.completed)
            case .succeededWithDeallocation:
                recorder.status("completed, but deallocated although No-Deallocate was requested (SSTAT 4)")
                recorder.deviceReported(completion: true)
                return .finished(.completed)
            default:
                recorder.status("sanitize status \(status.state) (SSTAT \(String(status.status, radix: 16)), SCDW10 \(hex32(status.commandDword10)))")
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            }
        }
        if let outcome { return outcome }
        recorder.status("sanitize did not complete within 48 hours")
        return .statusFailed
    }
}
