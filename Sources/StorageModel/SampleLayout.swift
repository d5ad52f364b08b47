
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fully specified generator, so anyone can
/// recompute the sample positions of a verification from its recorded seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0..<bound` (bound > 0), by rejection so that every value is equally likely:
    /// with `M = 2⁶⁴ − 1`, draws ≥ `M − M mod bound` are rejected, the first other draw is taken
    /// modulo `bound`. Published exactly so in Certificates/README.md (with a test vector); note it
    /// differs from the common `2⁶⁴ − 2⁶⁴ mod bound` rule when `bound` is a power of two.
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let v = next()
            if v < limit { return v % bound }
        }
    }
}

/// Where a `sample` verification reads: NIST SP 800-88 Rev. 1 §4.7 representative sampling.
///
/// Algorithm `splitmix64-halves-v1`, in logical blocks of the device:
/// 1. `S` = 1,000 subsections; subsection `i` spans blocks `[i·N/S, (i+1)·N/S)` (N = device blocks).
/// 2. Each sample is `k = ⌈L/20⌉` blocks (≥ 5 % of the subsection's L blocks).
/// 3. Sample A starts uniformly in the first half of the subsection, sample B in the second half
///    (so the two never overlap), drawn from SplitMix64(seed) in subsection order, A then B:
///    `start = halfStart + next(below: halfLength − k + 1)`.
/// 4. The first and the last logical block of the device are always included.
/// The two samples of each subsection cover ≥ 10 % of it, so the whole covers ≥ 10 % of the media.
public struct SampleLayout: Sendable {
    public static let algorithm = "splitmix64-halves-v1"
    public static let subsections = 1000
    /// Below this many blocks per subsection the halves cannot hold 5 % samples reliably.
    public static let minimumBlocksPerSubsection: UInt64 = 40

    public let seed: UInt64
    public let ranges: [ByteRange]
    public let sampleCount: Int

    /// nil when the device is too small to sample (fewer than 40,000 logical blocks): verify it in full.
    public init?(deviceSize: ByteCount, blockSize: ByteCount, seed: UInt64) {
        let n = deviceSize.bytes / blockSize.bytes
        let s = UInt64(Self.subsections)
        guard n >= s * Self.minimumBlocksPerSubsection else { return nil }
        var rng = SplitMix64(seed: seed)
        var blocks: [ByteRange] = []
        blocks.reserveCapacity(Self.subsections * 2 + 2)
        func add(_ start: UInt64, _ count: UInt64) {
            blocks.append(ByteRange(offset: ByteCount(start * blockSize.bytes), length: ByteCount(count * blockSize.bytes)))
        }
        add(0, 1)
        var count = 2
        for i in 0..<s {
            let start = i * n / s, end = (i + 1) * n / s
            let length = end - start
            let k = (length + 19) / 20
            let half = length / 2
            let aStart = start + rng.next(below: half - k + 1)
            let bHalfStart = start + half
            let bStart = bHalfStart + rng.next(below: (end - bHalfStart) - k + 1)
            add(aStart, k)
            add(bStart, k)
            count += 2
        }
        add(n - 1, 1)
        self.seed = seed
        sampleCount = count
        ranges = ByteRange.coalesce(blocks)
    }

    public var bytes: ByteCount { ranges.reduce(.zero) { $0 + $1.length } }
}
