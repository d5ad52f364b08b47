import BlockIO
import Foundation
import Glibc
import StorageModel

/// A report or pack being written to where the operator asked: every write checked, nothing
/// partial left behind.
///
/// - A regular file (or a new path) is written to a temporary file beside it, fsync'd, renamed
///   over the target and the directory fsync'd (`commit()`); on any failure, or if the writer is
///   discarded without `commit()`, the temporary file is removed and the target is untouched.
/// - Standard output (`path == nil`) and other non-regular targets (`/dev/full`, a pipe, a
///   terminal) are written directly; every write is checked, and a regular file behind standard
///   output is fsync'd on `commit()`.
///
/// Failures are `ExpungeError`s naming the output and the reason (e.g. no space left on device),
/// exit status 1.
public final class OutputFile {
    /// What the operator named: a path, or nil for standard output.
    public let path: String?
    private let fd: Int32
    private let temporary: String?
    private var finished = false
    private var buffer: [UInt8] = []

    /// Opens `path` for writing (nil: standard output).
    public init(path: String?) throws(ExpungeError) {
        self.path = path
        guard let path else {
            fd = 1
            temporary = nil
            return
        }
        if let status = try? SystemCall.fileStatus(path: path), !status.isRegularFile {
            if status.isDirectory {
                throw ExpungeError(.usage, "cannot write \(Self.display(path)): it is a directory", remedy: "name a file")
            }
            do { fd = try SystemCall.open(path, O_WRONLY | O_CLOEXEC) } catch {
                throw Self.failure(error, path)
            }
            temporary = nil
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temp = (directory.isEmpty ? "." : directory) + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do { fd = try SystemCall.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) } catch {
            throw Self.failure(error, path)
        }
        temporary = temp
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends bytes (buffered; flushed every 1 MiB and on `commit()`).
    public func write(_ bytes: some Collection<UInt8>) throws(ExpungeError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ text: String) throws(ExpungeError) { try write(text.utf8) }

    func flush() throws(ExpungeError) {
        guard !buffer.isEmpty else { return }
        do {
            try SystemCall.writeAll(fd, buffer)
        } catch {
            discard()
            throw Self.failure(error, path)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Makes the output durable and, for a file, puts it in place. Nothing is at `path` before this.
    public func commit() throws(ExpungeError) {
        try flush()
        guard let temporary, let path else {
            // Standard output or a device: data written; a regular file behind stdout is synced.
            if let status = try? SystemCall.fileStatus(fd), status.isRegularFile {
                do { try SystemCall.fsync(fd) } catch { discard(); throw Self.failure(error, path) }
            }
            if fd != 1 { SystemCall.close(fd) }
            finished = true
            return
        }
        do {
            try SystemCall.fsync(fd)
            finished = true
            try SystemCall.closeChecked(fd)
            try SystemCall.rename(temporary, path)
        } catch {
            try? SystemCall.unlink(temporary)
            throw Self.failure(error, path)
        }
        AtomicFile.syncDirectory((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
    }

    /// Writes `bytes` as the whole of `path` (nil: standard output): temporary file, `fsync`,
    /// rename; on failure the target is left as it was.
    public static func write(_ bytes: [UInt8], to path: String?) throws(ExpungeError) {
        let file = try OutputFile(path: path)
        do {
            try file.write(bytes)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Abandons the output: the temporary file is removed, the target untouched.
    public func discard() {
        guard !finished else { return }
        finished = true
        if fd != 1 { SystemCall.close(fd) }
        if let temporary { try? SystemCall.unlink(temporary) }
    }

    /// Writes a whole file's content (a ZIP built elsewhere) to the output, then commits.
    public func copy(from source: String) throws(ExpungeError) {
        let input: Int32
        do { input = try SystemCall.open(source, O_RDONLY | O_CLOEXEC) } catch {
            discard()
            throw Self.failure(error, path)
        }
        defer { SystemCall.close(input) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n: Int
            do { n = try SystemCall.read(input, into: &chunk, at: 0) } catch {
                discard()
                throw Self.failure(error, path)
            }
            if n == 0 { break }
            try write(chunk[0..<n])
        }
        try commit()
    }

    static func display(_ path: String?) -> String {
        path.map { DisplayString.sanitize($0) ?? "?" } ?? "standard output"
    }

    static func failure(_ error: Errno, _ path: String?) -> ExpungeError {
        let remedy: String
        switch error.rawValue {
        case ENOSPC, EDQUOT: remedy = "free space on the target file system (nothing was left there), or write elsewhere"
        case EACCES, EPERM, EROFS: remedy = "write to a directory you may write to"
        case ENOENT, ENOTDIR: remedy = "check the directory exists"
        default: remedy = "check the target and write again"
        }
        let what = path == nil ? "standard output" : Self.display(path)
        return ExpungeError(.failed, "cannot write \(what): \(error)", remedy: remedy)
    }
}
