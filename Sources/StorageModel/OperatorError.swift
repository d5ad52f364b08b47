/// An error meant for the person at the keyboard: what went wrong, named precisely, what to do
/// about it, and which exit status the command ends with. The underlying cause is kept for logs.
public protocol OperatorError: Error, CustomStringConvertible, Sendable {
    /// The exit status a command that fails with this error returns.
    var exitStatus: ExitStatus { get }
    /// One line naming the thing that is wrong.
    var message: String { get }
    /// What the operator can do about it, if anything.
    var remedy: String? { get }
}

extension OperatorError {
    public var description: String {
        if let remedy { return "\(message) — \(remedy)" }
        return message
    }
}

/// The general-purpose operator error. Modules with richer failure modes define their own types.
public struct ExpungeError: OperatorError {
    public var exitStatus: ExitStatus
    public var message: String
    public var remedy: String?
    /// The error underneath, if any (an `Errno`, a decoding error…).
    public var cause: (any Error & Sendable)?

    public init(_ exitStatus: ExitStatus, _ message: String, remedy: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.exitStatus = exitStatus
        self.message = message
        self.remedy = remedy
        self.cause = cause
    }
}
