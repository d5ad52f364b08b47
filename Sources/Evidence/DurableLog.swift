import BlockIO
import Glibc
import StorageModel

/// An append-only text file whose every line is on disk when `append` returns (`open(O_APPEND)`,
/// `write`, `fsync`): the ledger's `attempts.log` and `events.log`.
struct DurableLog: Sendable {
    let path: String

    /// Appends `line` (which ends with a newline) and flushes it; `what` names the log in the error.
    func append(_ line: [UInt8], what: String) throws(ExpungeError) {
        do {
            let fd = try SystemCall.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            defer { SystemCall.close(fd) }
            try SystemCall.writeAll(fd, line)
            try SystemCall.fsync(fd)
        } catch {
            throw ExpungeError(.failed, code: "ledger-write-failed", "cannot update \(what) \(path): \(error)",
                               remedy: "check the space and permissions of EXPUNGE_HOME")
        }
    }
}
