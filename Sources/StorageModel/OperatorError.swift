/// An error meant for the person at the keyboard (or the program reading `--json`): a stable
/// machine `code` (kebab-case), one line naming the thing that is wrong, what to do about it,
/// the exit status the command ends with, and the underlying cause, kept for logs.
///
/// Every error that can reach the operator conforms; `ExpungeError` is the general shape and
/// modules with richer failure modes (device lookup, exclusive open, OpenSSL) add their own
/// conforming types.
public protocol OperatorError: Error, CustomStringConvertible, Sendable {
    /// Stable, kebab-case, for programs (`--json` error output, the depot's HTTP answers).
    var code: String { get }
    /// The exit status a command that fails with this error returns.
    var exitStatus: ExitStatus { get }
    /// One line naming the thing that is wrong.
    var message: String { get }
    /// What the operator can do about it, if anything.
    var remedy: String? { get }
    /// The error underneath, if any (an `Errno`, a decoding error…).
    var cause: (any Error & Sendable)? { get }
}

extension OperatorError {
    public var description: String {
        if let remedy { return "\(message) — \(remedy)" }
        return message
    }

    public var cause: (any Error & Sendable)? { nil }
}

/// The general operator error, used by every module for failures without a richer type of
/// their own.
public struct ExpungeError: OperatorError {
    public var code: String
    public var exitStatus: ExitStatus
    public var message: String
    public var remedy: String?
    public var cause: (any Error & Sendable)?

    /// - Parameter code: the stable machine code; when nil, the exit status's generic code
    ///   (`failed`, `usage`, `bad-input`, `permission`…).
    public init(_ exitStatus: ExitStatus, code: String? = nil, _ message: String, remedy: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.exitStatus = exitStatus
        self.code = code ?? exitStatus.genericCode
        self.message = message
        self.remedy = remedy
        self.cause = cause
    }
}
