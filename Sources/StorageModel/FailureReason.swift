/// Why an attempt did not pass, as stable kebab-case codes (several may apply).
public enum FailureReason: String, Codable, Sendable, CaseIterable {
    case writeErrors = "write-errors"
    case readErrors = "read-errors"
    case verificationMismatch = "verification-mismatch"
    case identityChanged = "identity-changed"
    case flushFailed = "flush-failed"
    case deviceGone = "device-gone"
    /// The drive left its bay during the attempt (hot-unplug seen by the station console); the
    /// attempt was stopped.
    case deviceRemoved = "device-removed"
    case ioFailure = "io-failure"
    /// Stopped by a signal to the process (SIGINT, SIGTERM, a hang-up).
    case abortedBySignal = "aborted-by-signal"
    /// Stopped by the operator at the station console (a bay's abort key, quit with abort, or the
    /// headless `abort` command).
    case abortedByOperator = "aborted-by-operator"
    case processInterrupted = "process-interrupted"
    case notVerified = "not-verified"
    /// The device or its interface does not offer the requested firmware command.
    case notSupported = "not-supported"
    /// The drive rejected or aborted the firmware command.
    case commandRejected = "command-rejected"
    /// The drive's own status (sanitize log, SANITIZE STATUS) reports failure or cannot be read.
    case deviceStatusFailed = "device-status-failed"
    /// Data written before the command (canaries) was still there afterwards.
    case dataUnchanged = "data-unchanged"
    /// Hidden areas (HPA/DCO) keep part of the medium out of reach.
    case hiddenArea = "hidden-area"
    /// The attempt went ahead by consent (`--allow-hidden-areas`) while a hidden area (HPA/DCO)
    /// kept part of the medium out of its reach: that part was not sanitized.
    case hiddenAreaNotSanitized = "hidden-area-not-sanitized"
}
