/// Process exit statuses: a documented interface (see `Docs/technician.md`); change with care.
public enum ExitStatus: Int32, Sendable, Codable, CaseIterable {
    /// Everything asked for was done and, where applicable, verified.
    case success = 0
    /// The operation failed.
    case failed = 1
    /// The device or kernel does not support what was asked.
    case notSupported = 2
    /// Sanitization ran but verification found surviving data.
    case verificationFailed = 3
    /// Several devices were processed and some of them failed.
    case someFailed = 4
    /// The command line was wrong (sysexits EX_USAGE).
    case usage = 64
    /// Input data was wrong: a file, a path, a document (EX_DATAERR).
    case badInput = 65
    /// Not permitted: not root, or a key that is unreadable or unsafe (EX_NOPERM).
    case permission = 77
    /// Interrupted by a signal (128 + SIGINT).
    case interrupted = 130
}

extension ExitStatus {
    /// The machine code of an error that has no more specific one.
    public var genericCode: String {
        switch self {
        case .success: "ok"
        case .failed: "failed"
        case .notSupported: "not-supported"
        case .verificationFailed: "verification-failed"
        case .someFailed: "some-failed"
        case .usage: "usage"
        case .badInput: "bad-input"
        case .permission: "permission"
        case .interrupted: "interrupted"
        }
    }
}
