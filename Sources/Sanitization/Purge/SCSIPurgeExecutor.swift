import StorageModel
import BlockIO

/// SCSI SANITIZE (SBC-4 §5.30) with IMMED, followed with REQUEST SENSE (SPC-5 §6.39: NOT READY,
/// 04h/1Bh SANITIZE IN PROGRESS with a progress indication) and TEST UNIT READY at the end.
struct SCSIPurgeExecutor: PurgeExecutor {
    /// The SANITIZE service action for a technique (01h overwrite, 02h block erase, 03h crypto erase).
    static func sanitizeCommand(for technique: PurgeTechnique) -> SCSICommand {
        switch technique {
        case .scsiSanitizeCryptoErase: .sanitize(.cryptoErase)
        case .scsiSanitizeOverwrite: .sanitize(.overwrite)
        default: .sanitize(.blockErase)
        }
    }

    /// Sends a SCSI command and records it with its status and sense.
    func send(_ transport: any SCSITransport, _ cmd: SCSICommand, _ recorder: PurgeRecorder) throws(Errno) -> SCSIResult {
        let r = try transport.execute(cmd)
        let response = r.transportFailed ? "transport error (host status \(r.hostStatus), driver status \(r.driverStatus))"
            : r.status == 0 ? "GOOD" : "CHECK CONDITION" + (r.senseData.map { ": \($0)" } ?? "")
        recorder.command(cmd.name, encoding: cmd.description, response: response, accepted: r.isGood, seconds: r.durationSeconds)
        return r
    }

    /// SANITIZE with IMMED, then REQUEST SENSE until the drive no longer reports SANITIZE IN
    /// PROGRESS, then TEST UNIT READY. SCSI keeps no record of a finished sanitize, so completion
    /// of THIS command needs its progress to be seen: at least one 04h/1Bh after the command, then
    /// GOOD from TEST UNIT READY. A drive that never reports the sanitize in progress proves
    /// nothing (the end of progress alone is not success either): `statusFailed`.
    func execute(_ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let recorder = context.recorder
        let t = try context.transports.scsi(context.plan.identity.path)
        let command = Self.sanitizeCommand(for: context.plan.technique)
        guard context.mayStart(command.name) else { return .cancelled }
        let r = try send(t, command, recorder)
        if r.transportFailed { return .rejected }
        if !r.isGood { return r.senseData?.isUnsupportedCommand == true ? .unsupported : .rejected }
        var sawProgress = false, idle = 0
        let polled = try StatusPoller(clock: context.clock, interval: 5).run { () throws(Errno) -> StatusPoller.Step in
            let sense = SenseData(try t.execute(.requestSense()).data)
            if let sense, sense.sanitizeInProgress {
                if !sawProgress { recorder.status("REQUEST SENSE: sanitize in progress (\(sense.progress.map { "\($0)/65536" } ?? "no progress indication"))") }
                sawProgress = true
                return .pending
            }
            if let sense, sense.sanitizeFailed {
                recorder.status("REQUEST SENSE: \(sense)")
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            }
            if sawProgress { return .finished(.completed) }
            idle += 1
            guard idle >= StatusPoller.settlePolls else { return .pending }
            recorder.status("no transition observed after the command: REQUEST SENSE never reported SANITIZE IN PROGRESS (04h/1Bh)"
                            + (sense.map { "; last sense \($0)" } ?? "") + ", so completion of this command is not confirmed")
            recorder.deviceReported(completion: false)
            return .finished(.statusFailed)
        }
        guard let polled else {
            recorder.status("sanitize did not complete within 48 hours")
            recorder.deviceReported(completion: false)
            return .statusFailed
        }
        if polled != .completed { return polled }
        let ready = try send(t, .testUnitReady(), recorder)
        recorder.deviceReported(completion: ready.isGood)
        recorder.status(ready.isGood ? "sanitize in progress seen, then TEST UNIT READY: ready after sanitize" : "not ready after sanitize")
        return ready.isGood ? .completed : .statusFailed
    }
}
