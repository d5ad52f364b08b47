import StorageModel
/// How the drive answered a purge executor's command sequence, before the canaries are checked.
enum PurgeCommandOutcome: Sendable, Equatable {
    /// Accepted, and completion observed where the drive keeps a status.
    case completed
    /// Refused or aborted by the drive, or its fate is unknown.
    case rejected
    /// The drive or its interface does not implement the command.
    case unsupported
    /// The drive's own status reports failure, or completion of this command was not observed.
    case statusFailed
    /// The operator asked to stop before the destructive command was sent: nothing destructive
    /// was sent.
    case cancelled
}
