import StorageModel

/// The seam between the sanitization engines and a storage device: positioned reads and writes
/// of aligned buffers, a cache flush, and the geometry. `ExclusiveBlockDevice` is the real one;
/// tests use an in-memory device with fault injection.
///
/// Implementations are safe to call from the one thread that runs a job on the device while
/// another thread prepares buffers; they are never called concurrently on the same range.
public protocol BlockDevice: AnyObject, Sendable {
    /// The path the device was opened from (`/dev/sdb`).
    var path: String { get }
    /// The addressable size.
    var size: ByteCount { get }
    /// The unit of addressing: offsets and lengths are multiples of it.
    var logicalBlockSize: ByteCount { get }
    /// The unit the medium writes in; writes should be multiples of it.
    var physicalBlockSize: ByteCount { get }

    /// Writes `buffer` at `offset`; returns how many bytes were written (possibly fewer).
    /// Throws the `Errno` of a failed write (`EIO`/`ENODATA` for media errors).
    func write(_ buffer: UnsafeRawBufferPointer, at offset: ByteCount) throws(Errno) -> Int
    /// Reads into `buffer` from `offset`; returns how many bytes were read (possibly fewer).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: ByteCount) throws(Errno) -> Int
    /// Makes written data durable on the medium (a FLUSH CACHE to the drive).
    func flush() throws(Errno)
}

extension BlockDevice {
    /// Writes all of `buffer`, continuing after short writes. A write that makes no progress
    /// is reported as `EIO`.
    public func writeFully(_ buffer: UnsafeRawBufferPointer, at offset: ByteCount) throws(Errno) {
        var done = 0
        while done < buffer.count {
            let n = try write(UnsafeRawBufferPointer(rebasing: buffer[done...]), at: offset + ByteCount(done))
            if n <= 0 { throw Errno.ioError }
            done += n
        }
    }

    /// Reads all of `buffer`, continuing after short reads. A read that returns nothing before
    /// the end of the device is reported as `EIO`.
    public func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: ByteCount) throws(Errno) {
        var done = 0
        while done < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: offset + ByteCount(done))
            if n <= 0 { throw Errno.ioError }
            done += n
        }
    }
}
