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

    func execute(_ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome {
        let recorder = context.recorder
        let t = try context.transports.scsi(context.plan.identity.path)
        let command = Self.sanitizeCommand(for: context.plan.technique)
        guard context.mayStart(command.name) else { return .cancelled }
        let r = try send(t, command, recorder)
        if r.transportFailed { return .rejected }
        if !r.isGood { return r.senseData?.isUnsupportedCommand == true ? .unsupported : .rejected }
        let polled = try StatusPoller(clock: context.clock, interval: 5).run { () throws(Errno) -> StatusPoller.Step in
            let s = try t.execute(.requestSense())
            guard let sense = SenseData(s.data) else { return .finished(.completed) }
            if sense.sanitizeInProgress { return .pending }
            if sense.sanitizeFailed {
                recorder.status("REQUEST SENSE: \(sense)")
                recorder.deviceReported(completion: false)
                return .finished(.statusFailed)
            }
            return .finished(.completed)
        }
        if polled == .statusFailed { return .statusFailed }
        let ready = try send(t, .testUnitReady(), recorder)
        recorder.deviceReported(completion: ready.isGood)
        recorder.status(ready.isGood ? "TEST UNIT READY: ready after sanitize" : "not ready after sanitize")
        return ready.isGood ? .completed : .statusFailed
    }
}
