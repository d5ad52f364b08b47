import Dispatch
import Glibc
import StorageModel

/// Fills buffers with what a pass writes at a given device offset, and checks reads against it.
///
/// Sendable by confinement: each instance is used by one thread or serial queue at a time (the
/// job thread hands it to the generator queue and waits), never concurrently. With `ways > 1`
/// a call splits the keystream over that many threads (`concurrentPerform`), each with its own
/// AES context, and returns when all are done.
final class PatternFiller: @unchecked Sendable {
    let pass: PlannedPass
    private let keystreams: [AESCTRKeystream]

    /// Slices of a split keystream call are multiples of this (and so of the 16-byte AES block).
    static let sliceUnit = 64 * 1024

    init(_ pass: PlannedPass, workers: Int = 1) {
        self.pass = pass
        if pass.pattern == .random, let key = pass.key, let iv = pass.iv {
            keystreams = (0..<max(1, workers)).map { _ in AESCTRKeystream(cipher: pass.cipher, key: key, iv: iv) }
        } else {
            keystreams = []
        }
    }

    /// Whether every chunk has the same content (a constant byte): fill once, write many times.
    var isConstant: Bool { keystreams.isEmpty }

    /// The byte a constant pattern writes everywhere.
    var constantByte: UInt8? {
        if case .constant(let b) = pass.pattern { b } else { nil }
    }

    /// How many threads a keystream call may use.
    var maxWays: Int { max(1, keystreams.count) }

    func fill(_ buffer: UnsafeMutableRawBufferPointer, deviceOffset: UInt64, ways: Int = 1) {
        switch pass.pattern {
        case .constant(let b): memset(buffer.baseAddress!, Int32(b), buffer.count)
        case .random: split(buffer, deviceOffset: deviceOffset, ways: ways, .fill)
        }
    }

    /// Whether `buffer`, read from `deviceOffset`, holds exactly what the pass wrote there.
    /// A constant pattern is scanned for its byte. A random pass is compared with its keystream,
    /// regenerated in cache-sized pieces (the read is read once and not written); only when that
    /// finds a difference is the keystream XORed into `buffer` in place (all zeros where it
    /// matches), consuming the buffer, so that `matches(block:)` can then locate the blocks that
    /// differ.
    func consume(_ buffer: UnsafeMutableRawBufferPointer, deviceOffset: UInt64, ways: Int = 1) -> Bool {
        if isConstant { return matches(block: UnsafeRawBufferPointer(buffer)) }
        if split(buffer, deviceOffset: deviceOffset, ways: ways, .compare) { return true }
        split(buffer, deviceOffset: deviceOffset, ways: ways, .apply)
        return false
    }

    /// After a `consume` that returned false: whether a piece of the consumed buffer matched.
    func matches(block: UnsafeRawBufferPointer) -> Bool {
        ByteScan.all(block, equal: constantByte ?? 0)
    }

    private enum Work { case fill, apply, compare }

    /// Runs `work` over `buffer` split into up to `ways` slices; false when a `compare` slice differed.
    @discardableResult
    private func split(_ buffer: UnsafeMutableRawBufferPointer, deviceOffset: UInt64, ways: Int, _ work: Work) -> Bool {
        let unit = Self.sliceUnit
        let n = min(max(1, ways), keystreams.count, (buffer.count + unit - 1) / unit)
        let slice = n <= 1 ? buffer.count : ((buffer.count + n - 1) / n + unit - 1) / unit * unit
        // Each iteration owns its own slice, its own AES context and its own result (on the
        // caller's stack: this runs once per chunk); the caller waits for all.
        nonisolated(unsafe) let whole = buffer
        nonisolated(unsafe) let streams = keystreams
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { results in
            results.initialize(repeating: true)
            nonisolated(unsafe) let same = results
            let body: @Sendable (Int) -> Void = { i in
                let start = i * slice
                guard start < whole.count else { return }
                let part = UnsafeMutableRawBufferPointer(rebasing: whole[start..<min(start + slice, whole.count)])
                switch work {
                case .fill: streams[i].fill(part, streamOffset: deviceOffset + UInt64(start))
                case .apply: streams[i].apply(to: part, streamOffset: deviceOffset + UInt64(start))
                case .compare: same[i] = streams[i].matches(UnsafeRawBufferPointer(part), streamOffset: deviceOffset + UInt64(start))
                }
            }
            if n <= 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: n, execute: body) }
            return same.allSatisfy { $0 }
        }
    }
}
