import StorageModel

/// What a purge did, as it happens: every firmware command with its answer, the drive's status
/// observations and the errors met. Owned by one job run (one thread); becomes the certificate's
/// `FirmwareRecord` and `errors`.
final class PurgeRecorder {
    private(set) var commands: [FirmwareCommandRecord] = []
    private(set) var deviceStatus: [String] = []
    private(set) var deviceReportedCompletion: Bool?
    private(set) var errors: [WipeErrorRecord] = []

    init() {}

    /// What the plan's technique did, for the certificate.
    func record(of plan: PurgePlan) -> FirmwareRecord {
        FirmwareRecord(technique: plan.technique, commands: commands, deviceStatus: deviceStatus,
                       deviceReportedCompletion: deviceReportedCompletion, notes: plan.capabilities.notes)
    }

    /// One command as sent and answered; the duration is kept to the millisecond.
    func command(_ name: String, encoding: String, response: String, accepted: Bool, seconds: Double) {
        commands.append(FirmwareCommandRecord(name: name, encoding: encoding, response: response, accepted: accepted,
                                                     durationSeconds: (seconds * 1000).rounded() / 1000))
    }

    /// An observation of the drive's own status.
    func status(_ line: String) { deviceStatus.append(line) }

    /// Whether the drive's status confirmed completion of this command.
    func deviceReported(completion: Bool) { deviceReportedCompletion = completion }

    func error(_ error: WipeErrorRecord) { errors.append(error) }

    /// The outcome of a status poll: the poller's verdict, or — when it gave up — a sanitize that
    /// never reported completion, recorded as such.
    func pollVerdict(_ outcome: PurgeCommandOutcome?) -> PurgeCommandOutcome {
        if let outcome { return outcome }
        status("sanitize did not complete within 48 hours")
        deviceReported(completion: false)
        return .statusFailed
    }
}
