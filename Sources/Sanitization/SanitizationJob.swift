import StorageModel

/// One device's sanitization, Clear (overwrite) or Purge (firmware command), start to end. A job
/// never throws: whatever happens becomes the `WipeOutcome` a certificate signs, also a failure.
/// Blocking I/O runs on a dedicated thread, never on the Swift cooperative pool.
public protocol SanitizationJob: Sendable {
    /// Runs the job on its own thread and resumes the caller with the outcome.
    func runDetached() async -> WipeOutcome
}

extension WipeJob: SanitizationJob {}
extension FirmwarePurgeJob: SanitizationJob {}
