/// Checks that memory holds one repeated byte, a machine word at a time: the inner loop ORs
/// `word ^ pattern` over 4 KiB without branches (which the optimiser vectorises) and tests the
/// accumulator once per 4 KiB. Verification uses it on reads that were XORed with the keystream
/// in place (all zeros when they match) and on reads of a constant pattern.
enum ByteScan {
    static let stride = 4096

    /// Whether every byte of `buffer` is `byte`.
    static func all(_ buffer: UnsafeRawBufferPointer, equal byte: UInt8) -> Bool {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return true }
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        let count = buffer.count
        let wordBytes = count & ~7
        var offset = 0
        while offset < wordBytes {
            let end = min(offset + stride, wordBytes)
            var acc: UInt64 = 0
            var i = offset
            while i < end {
                acc |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
                i &+= 8
            }
            if acc != 0 { return false }
            offset = end
        }
        var i = wordBytes
        while i < count {
            if base.load(fromByteOffset: i, as: UInt8.self) != byte { return false }
            i += 1
        }
        return true
    }
}
