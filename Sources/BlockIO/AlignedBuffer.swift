import Glibc

/// A heap buffer aligned for `O_DIRECT` I/O (4 KiB by default).
///
/// Sendable by hand-off: one thread fills it, then passes it to the one that writes it, with a
/// happens-before edge (a semaphore or a group wait) between them. It is never used by two threads
/// at once.
public final class AlignedBuffer: @unchecked Sendable {
    public let count: Int
    public let alignment: Int
    private let pointer: UnsafeMutableRawPointer

    public init(count: Int, alignment: Int = 4096) {
        precondition(count > 0 && alignment > 0 && alignment & (alignment - 1) == 0)
        self.count = count
        self.alignment = alignment
        pointer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: alignment)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }

    deinit { pointer.deallocate() }

    public var mutableBytes: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: pointer, count: count) }
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }

    /// The first `length` bytes.
    public func prefix(_ length: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: length) }
    public func mutablePrefix(_ length: Int) -> UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: pointer, count: length) }

    public func fill(_ byte: UInt8) { memset(pointer, Int32(byte), count) }
}
