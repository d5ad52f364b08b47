import BlockIO
import Foundation
import Testing

@Suite("Aligned buffers for direct I/O")
struct AlignedBufferTests {
    /// A chunk-sized buffer starts on a 2 MiB boundary and its mapping carries the huge-page
    /// advice (`hg` in the VmFlags of `/proc/self/smaps`), so the zero fill faulted huge pages in
    /// wherever the kernel had them.
    @Test func aChunkSizedBufferIsAdvisedAsHugePages() throws {
        let buffer = AlignedBuffer(count: 4 << 20)
        let address = UInt(bitPattern: buffer.bytes.baseAddress!)
        #expect(buffer.alignment == AlignedBuffer.hugePageSize)
        #expect(address % UInt(AlignedBuffer.hugePageSize) == 0)
        #expect(buffer.bytes.allSatisfy { $0 == 0 })
        guard FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage") else { return }  // no THP in this kernel
        let flags = try #require(try Self.vmFlags(containing: address))
        #expect(flags.contains("hg"), "VmFlags of the buffer's mapping: \(flags)")
    }

    @Test func aSmallBufferKeepsTheAlignmentAskedFor() {
        let buffer = AlignedBuffer(count: 64 << 10)
        #expect(buffer.alignment == 4096)
        #expect(UInt(bitPattern: buffer.bytes.baseAddress!) % 4096 == 0)
        #expect(buffer.bytes.allSatisfy { $0 == 0 })
    }

    /// The `VmFlags` of the mapping that holds `address`, from `/proc/self/smaps`.
    static func vmFlags(containing address: UInt) throws -> [Substring]? {
        // Read to the end: Foundation's String(contentsOfFile:) stops after the first read of a
        // /proc file, which is a few mappings long.
        guard let file = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return nil }
        defer { try? file.close() }
        let smaps = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let first = line.prefix { $0 != " " }
            if let dash = first.firstIndex(of: "-"), let start = UInt(first[..<dash], radix: 16),
               let end = UInt(first[first.index(after: dash)...], radix: 16) {
                inside = start <= address && address < end
            } else if inside && line.hasPrefix("VmFlags:") {
                return line.dropFirst("VmFlags:".count).split(separator: " ")
            }
        }
        return nil
    }
}
