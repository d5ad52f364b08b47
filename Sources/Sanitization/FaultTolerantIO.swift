import BlockIO
import StorageModel

/// Positioned I/O that survives media errors: when a write or read fails with EIO/ENODATA, the
/// region is retried in 64 KiB pieces and then one logical block at a time, and what still fails
/// is returned as ranges. Any other error (device gone, invalid argument) is thrown: the job
/// cannot go on.
struct FaultTolerantIO {
    static let intermediatePiece = 64 * 1024

    let device: any BlockDevice

    /// Writes `buffer` at `offset`; returns the ranges that could not be written.
    func write(_ buffer: UnsafeRawBufferPointer, at offset: ByteCount) throws(Errno) -> [ByteRange] {
        try perform(count: buffer.count, at: offset) { (start, length) throws(Errno) in
            try device.writeFully(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + length)]), at: offset + ByteCount(start))
        }
    }

    /// Reads into `buffer` from `offset`; returns the ranges that could not be read (their bytes
    /// in `buffer` are undefined and must not be compared).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: ByteCount) throws(Errno) -> [ByteRange] {
        try perform(count: buffer.count, at: offset) { (start, length) throws(Errno) in
            try device.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[start..<(start + length)]), at: offset + ByteCount(start))
        }
    }

    private func perform(count: Int, at offset: ByteCount, _ io: (Int, Int) throws(Errno) -> Void) throws(Errno) -> [ByteRange] {
        do {
            try io(0, count)
            return []
        } catch where error.isMediaError {
            // Fall through to the smaller retries.
        }
        let block = Int(device.logicalBlockSize.bytes)
        var failed: [ByteRange] = []
        let piece = max(block, Self.intermediatePiece - Self.intermediatePiece % block)
        var start = 0
        while start < count {
            let length = min(piece, count - start)
            do {
                try io(start, length)
            } catch where error.isMediaError {
                var b = start
                while b < start + length {
                    let n = min(block, start + length - b)
                    do { try io(b, n) } catch where error.isMediaError {
                        failed.append(ByteRange(offset: offset + ByteCount(b), length: ByteCount(n)))
                    }
                    b += n
                }
            }
            start += length
        }
        return ByteRange.coalesce(failed)
    }
}
