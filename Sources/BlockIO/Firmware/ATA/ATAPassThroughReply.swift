/// What the SATL answered to an ATA PASS-THROUGH(16) command (SAT-4), decoded once for every
/// engine.
///
/// - CHECK CONDITION whose sense reports an error (ABORTED COMMAND, ILLEGAL REQUEST…): failed,
///   whatever registers come with it; ERR is set in `registers`, and ABRT when aborted.
/// - ATA registers returned (the ATA Status Return descriptor 09h, or fixed-format sense with
///   00h/1Dh): their ERR/DRQ bits decide.
/// - GOOD status with no sense data: succeeded. A SATL reports an ATA error as CHECK CONDITION, so
///   GOOD means the drive completed the command without error; libata answers this way for
///   successful commands (also, in some kernels, with CK_COND set). The registers are then unknown:
///   an engine that needs them (SANITIZE STATUS EXT) must treat their absence as "not observed".
/// - Anything else (a transport error, another SCSI status, CHECK CONDITION with no sense): unknown.
public struct ATAPassThroughReply: Sendable {
    public enum Verdict: Sendable, Equatable {
        case succeeded
        case failed(aborted: Bool)
        case unknown
    }

    public let result: SCSIResult
    /// The ATA output registers, when the SATL returned them (with ERR forced on error sense).
    public let registers: ATARegisters?
    public let verdict: Verdict

    public init(_ result: SCSIResult) {
        self.result = result
        let sense = result.senseData
        var regs = sense?.ata
        let senseError = result.status == 0x02 && (sense?.reportsError ?? true)
        if senseError {
            // Make the failure visible in the registers the engines act on: ERR set, ABRT if aborted.
            let aborted = sense?.isAbortedCommand ?? false
            regs = ATARegisters(error: (regs?.error ?? 0) | (aborted ? 0x04 : 0), status: (regs?.status ?? 0) | 0x01,
                                device: regs?.device ?? 0, count: regs?.count ?? 0, lba: regs?.lba ?? 0, complete: false)
        }
        registers = regs
        if result.transportFailed {
            verdict = .unknown
        } else if let regs, regs.failed || senseError {
            verdict = .failed(aborted: regs.aborted)
        } else if regs != nil || result.status == 0 {
            verdict = .succeeded
        } else {
            verdict = .unknown
        }
    }

    public var succeeded: Bool { verdict == .succeeded }

    /// The answer in words, for the certificate.
    public var summary: String {
        var text: String
        if result.transportFailed {
            text = "transport error (host status \(result.hostStatus), driver status \(result.driverStatus))"
        } else if let regs = registers {
            text = "ATA status \(hex(regs.status)) error \(hex(regs.error)) count \(hex16(regs.count))"
                + (regs.failed ? (regs.aborted ? " (aborted)" : " (error)") : "")
        } else if result.status == 0 {
            text = "GOOD (no ATA registers returned)"
        } else {
            text = "SCSI status \(result.status)"
        }
        if let sense = result.senseData, result.status != 0 { text += "; sense \(sense)" }
        return text
    }
}
