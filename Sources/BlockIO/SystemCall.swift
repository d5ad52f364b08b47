import CLinux
import Glibc

/// Every system call Expunge makes on a device goes through here: one small wrapper per call,
/// `EINTR` retried, failures thrown as `Errno`. The C call underneath is named in each comment.
public enum SystemCall {
    /// Retries `body` while it fails with `EINTR`; returns its non-negative result.
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ body: () -> T) throws(Errno) -> T {
        while true {
            let r = body()
            if r >= 0 { return r }
            let e = Errno.current
            if e != .interrupted { throw e }
        }
    }

    /// `open(2)`.
    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) throws(Errno) -> Int32 {
        try retrying { Glibc.open(path, flags, mode) }
    }

    /// `close(2)`; EINTR is not retried (the descriptor is gone either way on Linux).
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `pread(2)`: may return fewer bytes than asked.
    public static func pread(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, _ offset: UInt64) throws(Errno) -> Int {
        try retrying { Glibc.pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// `pwrite(2)`: may return fewer bytes than asked.
    public static func pwrite(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, _ offset: UInt64) throws(Errno) -> Int {
        try retrying { Glibc.pwrite(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// `read(2)`: may return fewer bytes than asked; 0 at end of file.
    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retrying { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// `write(2)`: may write fewer bytes than asked.
    public static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try retrying { Glibc.write(fd, buffer.baseAddress, buffer.count) }
    }

    /// The whole of a file: `open(2)` read-only, `read(2)` until end of file, `close(2)`. For
    /// `/proc` and `/sys` files, whose size `stat` does not give: Foundation's
    /// `String(contentsOfFile:)` stops after the first read there, and `/proc/self/mountinfo`
    /// comes one page (about 4 KiB, some 30 mounts) at a time.
    public static func readToEnd(path: String) throws(Errno) -> [UInt8] {
        let fd = try open(path, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        var bytes: [UInt8] = []
        while true {
            let n = try read(fd, chunk)
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }

    /// `readToEnd(path:)` as UTF-8 text (invalid sequences replaced).
    public static func readText(path: String) throws(Errno) -> String {
        String(decoding: try readToEnd(path: path), as: UTF8.self)
    }

    /// Writes all of `buffer` (`write(2)` until done; short writes continued).
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(Errno) {
        var done = 0
        while done < buffer.count {
            done += try write(fd, UnsafeRawBufferPointer(rebasing: buffer[done...]))
        }
    }

    /// Writes all of `bytes` (`write(2)` until done).
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Errno) {
        var result: Result<Void, Errno> = .success(())
        bytes.withUnsafeBytes { b in result = Result { () throws(Errno) in try writeAll(fd, b) } }
        try result.get()
    }

    /// `read(2)` into `bytes` from index `offset` to the end of the array.
    public static func read(_ fd: Int32, into bytes: inout [UInt8], at offset: Int) throws(Errno) -> Int {
        var result: Result<Int, Errno> = .success(0)
        bytes.withUnsafeMutableBytes { b in
            result = Result { () throws(Errno) in try read(fd, UnsafeMutableRawBufferPointer(rebasing: b[offset...])) }
        }
        return try result.get()
    }

    /// `fsync(2)`.
    public static func fsync(_ fd: Int32) throws(Errno) {
        _ = try retrying { Glibc.fsync(fd) }
    }

    /// `close(2)` whose failure matters (a file just written: NFS and some file systems report
    /// deferred write errors here).
    public static func closeChecked(_ fd: Int32) throws(Errno) {
        if Glibc.close(fd) != 0 { throw Errno.current }
    }

    /// `rename(2)`.
    public static func rename(_ from: String, _ to: String) throws(Errno) {
        _ = try retrying { Glibc.rename(from, to) }
    }

    /// `posix_fallocate(3)`: reserves `length` bytes of disk for the file from offset 0 (the
    /// call returns its error instead of setting `errno`; EINTR is retried).
    public static func allocate(_ fd: Int32, length: UInt64) throws(Errno) {
        while true {
            let r = posix_fallocate(fd, 0, off_t(length))
            if r == 0 { return }
            if r != EINTR { throw Errno(rawValue: r) }
        }
    }

    /// `unlink(2)`.
    public static func unlink(_ path: String) throws(Errno) {
        _ = try retrying { Glibc.unlink(path) }
    }

    /// `flock(fd, LOCK_EX)`: waits for the exclusive lock (EINTR retried).
    public static func lockExclusive(_ fd: Int32) throws(Errno) {
        _ = try retrying { flock(fd, LOCK_EX) }
    }

    /// `flock(2)` with `LOCK_EX | LOCK_NB`: true when the lock was taken, false when another
    /// open file description holds it.
    public static func tryLockExclusive(_ fd: Int32) throws(Errno) -> Bool {
        do {
            _ = try retrying { () -> Int32 in flock(fd, LOCK_EX | LOCK_NB) }
            return true
        } catch where error == .wouldBlock {
            return false
        }
    }

    /// `flock(2)` with `LOCK_UN`.
    public static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
    }

    /// `prctl(PR_SET_NAME, name)`: the calling thread's name as `top`, `perf` and
    /// `/proc/PID/task/TID/comm` show it (the kernel keeps 15 bytes). Foundation's `Thread.name`
    /// set before `start()` does not reach the kernel on Linux.
    public static func nameCurrentThread(_ name: String) {
        _ = clinux_set_thread_name(name)
    }

    /// `kill(pid, 0)`: whether a process with this ID exists (EPERM: it exists, owned by another user).
    public static func processExists(_ pid: Int32) -> Bool {
        Glibc.kill(pid, 0) == 0 || errno != ESRCH
    }

    /// `madvise(2)` with `MADV_HUGEPAGE`: asks for transparent huge pages behind `region` (its start
    /// page-aligned). Advice only: `false` when the kernel has no transparent huge pages (EINVAL)
    /// or refuses, and the region keeps ordinary pages.
    @discardableResult
    public static func adviseHugePages(_ region: UnsafeMutableRawBufferPointer) -> Bool {
        guard let base = region.baseAddress, region.count > 0 else { return false }
        return Glibc.madvise(base, region.count, MADV_HUGEPAGE) == 0
    }

    /// `fdatasync(2)`: on a block device this sends a cache FLUSH to the drive.
    public static func fdatasync(_ fd: Int32) throws(Errno) {
        _ = try retrying { Glibc.fdatasync(fd) }
    }

    /// `fstat(2)`.
    public static func fileStatus(_ fd: Int32) throws(Errno) -> FileStatus {
        var st = Glibc.stat()
        _ = try retrying { Glibc.fstat(fd, &st) }
        return FileStatus(st)
    }

    /// `stat(2)`: follows symbolic links.
    public static func fileStatus(path: String) throws(Errno) -> FileStatus {
        var st = Glibc.stat()
        _ = try retrying { clinux_stat(path, &st) }
        return FileStatus(st)
    }

    /// `ioctl(fd, BLKGETSIZE64, &u64)`: the device size in bytes.
    public static func blockDeviceSize(_ fd: Int32) throws(Errno) -> UInt64 {
        var size: UInt64 = 0
        _ = try retrying { clinux_blkgetsize64(fd, &size) }
        return size
    }

    /// `ioctl(fd, BLKSSZGET, &int)`: the logical block size.
    public static func logicalBlockSize(_ fd: Int32) throws(Errno) -> UInt64 {
        var size: Int32 = 0
        _ = try retrying { clinux_blksszget(fd, &size) }
        return UInt64(size)
    }

    /// `ioctl(fd, BLKPBSZGET, &uint)`: the physical block size.
    public static func physicalBlockSize(_ fd: Int32) throws(Errno) -> UInt64 {
        var size: UInt32 = 0
        _ = try retrying { clinux_blkpbszget(fd, &size) }
        return UInt64(size)
    }

    /// `ioctl(fd, BLKROGET, &int)`: whether the kernel has the device read-only.
    public static func isReadOnly(_ fd: Int32) throws(Errno) -> Bool {
        var ro: Int32 = 0
        _ = try retrying { clinux_blkroget(fd, &ro) }
        return ro != 0
    }

    /// `ioctl(fd, BLKFLSBUF)`: flush and drop the kernel's buffer cache for the device.
    public static func flushBufferCache(_ fd: Int32) throws(Errno) {
        _ = try retrying { clinux_blkflsbuf(fd) }
    }

    /// `ioctl(fd, BLKRRPART)`: ask the kernel to re-read the partition table.
    public static func rereadPartitions(_ fd: Int32) throws(Errno) {
        _ = try retrying { clinux_blkrrpart(fd) }
    }
}

/// `O_DIRECT`, which Swift does not import (it needs `_GNU_SOURCE`).
public let O_DIRECT_FLAG: Int32 = clinux_o_direct()

/// The parts of `struct stat` Expunge uses.
public struct FileStatus: Sendable, Hashable {
    public var isBlockDevice: Bool
    public var isRegularFile: Bool
    public var isDirectory: Bool
    /// A character device (`/dev/full`, `/dev/null`, a terminal).
    public var isCharacterDevice: Bool
    /// For a device node: its major and minor numbers (`st_rdev`).
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    /// Permission bits (`st_mode & 0o7777`).
    public var permissions: UInt32
    public var owner: UInt32
    public var size: UInt64

    init(_ st: stat) {
        let type = st.st_mode & S_IFMT
        isBlockDevice = type == S_IFBLK
        isRegularFile = type == S_IFREG
        isDirectory = type == S_IFDIR
        isCharacterDevice = type == S_IFCHR
        deviceMajor = UInt32(clinux_major(st.st_rdev))
        deviceMinor = UInt32(clinux_minor(st.st_rdev))
        permissions = UInt32(st.st_mode & 0o7777)
        owner = st.st_uid
        size = UInt64(st.st_size)
    }
}
