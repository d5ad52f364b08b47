import Glibc

/// A heap buffer aligned for `O_DIRECT` I/O (4 KiB by default).
///
/// A buffer of 2 MiB or more is aligned to 2 MiB and backed by transparent huge pages where the
/// kernel offers them (`madvise(MADV_HUGEPAGE)`): every direct write or read pins the buffer's pages
/// for the transfer, and pinning one 2 MiB page instead of 512 small ones is most of the kernel's
/// CPU per byte. Measured on 16 tmpfs loop devices: the same O_DIRECT writer took 0.71 s instead
/// of 1.25 s (`Docs/performance.md`).
///
/// Sendable by hand-off: one thread fills it, then passes it to the one that writes it, with a
/// happens-before edge (a semaphore or a group wait) between them. It is never used by two threads
/// at once.
public final class AlignedBuffer: @unchecked Sendable {
    public let count: Int
    public let alignment: Int
    private let pointer: UnsafeMutableRawPointer

    /// The size of a transparent huge page on x86-64 and of the usual arm64 configuration.
    public static let hugePageSize = 2 << 20

    /// `alignment` is a minimum: a buffer of at least `hugePageSize` bytes is aligned to it.
    public init(count: Int, alignment: Int = 4096) {
        precondition(count > 0 && alignment > 0 && alignment & (alignment - 1) == 0)
        self.count = count
        let huge = count >= Self.hugePageSize
        self.alignment = huge ? max(alignment, Self.hugePageSize) : alignment
        pointer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: self.alignment)
        if huge {
            // Before the first touch: the zero fill below then faults in huge pages.
            SystemCall.adviseHugePages(UnsafeMutableRawBufferPointer(start: pointer, count: count))
        }
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
