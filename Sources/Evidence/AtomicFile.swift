import BlockIO
import Foundation
import Glibc
import StorageModel

/// Crash-safe file writes: the bytes go to a temporary file in the same directory, which is
/// fsync'd and renamed over the target, and the directory is fsync'd. A reader sees the old file
/// or the new one, never half of one.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(ExpungeError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd: Int32
        do { fd = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) } catch {
            throw failure("create", temporary, error)
        }
        do {
            try SystemCall.writeAll(fd, bytes)
            try SystemCall.fsync(fd)
            try SystemCall.closeChecked(fd)
        } catch {
            SystemCall.close(fd)
            try? SystemCall.unlink(temporary)
            throw failure("write", path, error)
        }
        do { try SystemCall.rename(temporary, path) } catch {
            try? SystemCall.unlink(temporary)
            throw failure("write", path, error)
        }
        syncDirectory(directory)
    }

    /// `fsync(2)` of the directory, so a rename in it survives a crash (best effort: a file
    /// system that cannot sync a directory has nothing to lose there).
    public static func syncDirectory(_ directory: String) {
        guard let dfd = try? SystemCall.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) else { return }
        try? SystemCall.fsync(dfd)
        SystemCall.close(dfd)
    }

    /// Creates a directory (and parents) with `mode`, if missing.
    public static func ensureDirectory(_ path: String, mode: Int = 0o700) throws(ExpungeError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: mode])
        } catch {
            throw ExpungeError(errno == EACCES || errno == EPERM ? .permission : .failed,
                                "cannot create directory \(path): \(ErrorText.describe(error))",
                                remedy: "run as root, or set EXPUNGE_HOME to a writable directory")
        }
    }

    static func failure(_ what: String, _ path: String, _ error: Errno = .current) -> ExpungeError {
        let e = error.rawValue
        let text = String(cString: strerror(e))
        return ExpungeError(e == EACCES || e == EPERM ? .permission : .failed, "cannot \(what) \(path): \(text)",
                             remedy: e == ENOSPC ? "free disk space under EXPUNGE_HOME" : "check permissions of EXPUNGE_HOME")
    }
}
