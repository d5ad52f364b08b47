import StorageModel

/// `Ledger.append` refused a second document for a wipe attempt: every attempt has exactly one
/// certificate, ever (even when that one was since removed from the ledger).
public struct AttemptAlreadyCertified: OperatorError {
    public var attemptID: String
    /// The document that already certifies the attempt.
    public var documentID: String

    public var code: String { "attempt-already-certified" }
    public var exitStatus: ExitStatus { .failed }
    public var message: String { "attempt \(attemptID) already has a signed document (\(documentID)); a second one is not written" }
    public var remedy: String? { "use \(documentID); a new wipe is a new attempt with its own certificate" }
}
