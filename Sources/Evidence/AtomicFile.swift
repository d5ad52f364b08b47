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
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("create", temporary) }
        var ok = true
        bytes.withUnsafeBytes { b in
            var done = 0
            while done < b.count {
                let n = Glibc.write(fd, b.baseAddress! + done, b.count - done)
                if n < 0 { if errno == EINTR { continue }; ok = false; return }
                done += n
            }
        }
        if ok { ok = fsync(fd) == 0 }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let e = failure("write", path)
            unlink(temporary)
            throw e
        }
        syncDirectory(directory)
    }

    public static func syncDirectory(_ directory: String) {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
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

    static func failure(_ what: String, _ path: String) -> ExpungeError {
        let e = errno
        let text = String(cString: strerror(e))
        return ExpungeError(e == EACCES || e == EPERM ? .permission : .failed, "cannot \(what) \(path): \(text)",
                             remedy: e == ENOSPC ? "free disk space under EXPUNGE_HOME" : "check permissions of EXPUNGE_HOME")
    }
}
