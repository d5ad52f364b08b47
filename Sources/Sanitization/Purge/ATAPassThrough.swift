import BlockIO
import Foundation

/// Sends ATA commands in ATA PASS-THROUGH(16) CDBs (SAT-4 §12.2.2) over a SCSI transport, reads
/// the ATA registers the SATL returns, and records every command and answer.
struct ATAPassThrough {
    let transport: any SCSITransport
    let recorder: PurgeRecorder

    /// Sends an ATA command and reads its registers. A CHECK CONDITION with error sense (ABORTED
    /// COMMAND, ILLEGAL REQUEST…) is a failure whatever else comes back; no registers for a
    /// non-data command means the outcome is unknown, never success.
    func send(_ cmd: ATACommand) throws(Errno) -> (SCSIResult, ATARegisters?) {
        let r = try transport.execute(cmd.scsi)
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
        recorder.command(cmd.name, encoding: cmd.description, response: response, accepted: accepted, seconds: r.durationSeconds)
        return (r, regs)
    }

    /// IDENTIFY DEVICE (ECh) without recording it: a check, not part of the purge.
    func identify() -> ATAIdentify? {
        (try? transport.execute(ATACommand.identifyDevice().scsi)).flatMap { ATAIdentify($0.data) }
    }
}
