import BlockIO
import Glibc
import StorageModel

/// Canary blocks: before a firmware purge, random blocks tagged with their LBA are written at
/// seeded positions (always the first and last block too) and read back; afterwards none may hold
/// its old content, nor another canary's (whole block or tag): a drive that accepts the command and
/// changes nothing is caught, and so is one that only remaps or moves blocks.
///
/// Positions and tags are in LOGICAL blocks (the LBAs the drive's commands address): on a 512e
/// drive a canary is one 512-byte sector and its tag names its real LBA, and the last canary is
/// the device's last LBA, also when the capacity is not a multiple of the physical block size.
final class CanarySet {
    let device: any BlockDevice
    /// The logical block size: one canary per logical block.
    let blockSize: Int
    /// Logical block addresses, ascending.
    let positions: [UInt64]
    private var contents: [UInt64: [UInt8]] = [:]

    init(device: any BlockDevice, seed: UInt64, count: Int) {
        self.device = device
        blockSize = Int(device.logicalBlockSize.bytes)
        let blocks = device.size.bytes / UInt64(blockSize)
        var rng = SplitMix64(seed: seed)
        var set: Set<UInt64> = blocks > 0 ? [0, blocks - 1] : []
        while set.count < min(Int(blocks), count + 2) { set.insert(rng.next(below: blocks)) }
        positions = set.sorted()
    }

    func plant() throws {
        let buffer = AlignedBuffer(count: blockSize)
        for lba in positions {
            var bytes = SecureRandom.bytes(blockSize)
            let tag = Array("EXPUNGE-CANARY lba=\(lba) ".utf8)
            for (i, b) in tag.enumerated() where i < bytes.count { bytes[i] = b }
            bytes.withUnsafeBytes { _ = memcpy(buffer.mutableBytes.baseAddress!, $0.baseAddress!, blockSize) }
            try device.writeFully(buffer.bytes, at: ByteCount(lba * UInt64(blockSize)))
            contents[lba] = bytes
        }
        try device.flush()
        for lba in positions {
            try device.readFully(into: buffer.mutableBytes, at: ByteCount(lba * UInt64(blockSize)))
            guard Array(buffer.bytes) == contents[lba] else { throw Errno.ioError }
        }
    }

    /// What the read-back found; block lists are device byte offsets.
    struct Check {
        /// Canaries that still hold their own content.
        var survivors: [UInt64] = []
        /// Canaries that hold another canary's content or tag: old data moved, not erased.
        var relocated: [UInt64] = []
        /// Canaries that do not read the value the command defines.
        var patternMismatches: [UInt64] = []
        var unreadable: [ByteRange] = []
        var bytesRead = ByteCount.zero
    }

    /// Reads every canary back. `value` is the content the command defines (an overwrite pattern,
    /// a deallocated-read value), or nil where the content after the command is unspecified.
    func check(expecting value: UInt8?) -> Check {
        var out = Check()
        let buffer = AlignedBuffer(count: blockSize)
        var owner: [[UInt8]: UInt64] = [:]
        for (lba, bytes) in contents { owner[bytes] = lba }
        let tag = Array("EXPUNGE-CANARY lba=".utf8)
        for lba in positions {
            let offset = ByteCount(lba * UInt64(blockSize))
            do {
                try device.readFully(into: buffer.mutableBytes, at: offset)
            } catch {
                out.unreadable.append(ByteRange(offset: offset, length: ByteCount(blockSize)))
                continue
            }
            out.bytesRead += ByteCount(blockSize)
            let now = Array(buffer.bytes)
            if now == contents[lba] { out.survivors.append(offset.bytes) }
            else if owner[now] != nil || now.starts(with: tag) { out.relocated.append(offset.bytes) }
            else if let value, now.contains(where: { $0 != value }) { out.patternMismatches.append(offset.bytes) }
        }
        out.unreadable = ByteRange.coalesce(out.unreadable)
        return out
    }
}
