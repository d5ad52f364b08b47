import StorageModel
import BlockIO

/// Sends ATA commands in ATA PASS-THROUGH(16) CDBs (SAT-4) over a SCSI transport, decodes the
/// answer (`ATAPassThroughReply`) and records every command with it.
struct ATAPassThrough {
    let transport: any SCSITransport
    let recorder: PurgeRecorder

    func send(_ cmd: ATACommand) throws(Errno) -> ATAPassThroughReply {
        let r = try transport.execute(cmd.scsi)
        let reply = ATAPassThroughReply(r)
        recorder.command(cmd.name, encoding: cmd.description, response: reply.summary, accepted: reply.succeeded, seconds: r.durationSeconds)
        return reply
    }

    /// Sends a status query without recording it as a command: its answer goes into the device
    /// status instead (a poll repeated every second is an observation, not a step of the purge).
    func query(_ cmd: ATACommand) throws(Errno) -> ATAPassThroughReply {
        ATAPassThroughReply(try transport.execute(cmd.scsi))
    }

    /// IDENTIFY DEVICE (ECh) without recording it: a check, not part of the purge.
    func identify() -> ATAIdentify? {
        (try? transport.execute(ATACommand.identifyDevice().scsi)).flatMap { ATAIdentify($0.data) }
    }
}
