/// How a wipe attempt ended. Raw values are the words used on certificates and in JSON.
public enum WipeResult: String, Codable, Sendable, CaseIterable {
    /// Every pass written without error, flushed, verified with no mismatch, identity unchanged.
    case passed
    /// Written without error but not verified (`--verify none`); never called passed.
    case unverified
    /// Something went wrong: write or read errors, a verification mismatch, a changed identity.
    case failed
    /// Stopped on request (SIGINT/SIGTERM) at a chunk boundary.
    case aborted
    /// The process died mid-wipe (crash, power loss); found later in the journal.
    case interrupted
}
