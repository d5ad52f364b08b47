import Foundation
import StorageModel

/// One planned overwrite pass. Random passes carry their own key and counter block for the
/// keystream cipher (AES-128-CTR, `KeystreamCipher.current`).
public struct PlannedPass: Sendable, Hashable {
    public var pattern: OverwritePattern
    public var cipher: KeystreamCipher
    public var key: [UInt8]?
    public var iv: [UInt8]?

    public init(pattern: OverwritePattern, cipher: KeystreamCipher = .current, key: [UInt8]? = nil, iv: [UInt8]? = nil) {
        self.pattern = pattern
        self.cipher = cipher
        if pattern == .random {
            self.key = key ?? SecureRandom.bytes(cipher.keyLength)
            self.iv = iv ?? SecureRandom.bytes(cipher.ivLength)
        }
    }
}

/// Everything decided before the first byte is written: which device (as identified now), which
/// passes with which keys, how to verify, in which chunk size. Recorded in the journal first.
public struct WipePlan: Sendable {
    public static let defaultChunkSize = ByteCount.mebibytes(4)

    public var attemptID: UUID
    public var identity: DeviceIdentity
    public var level: SanitizationLevel
    public var scheme: String?
    public var passes: [PlannedPass]
    public var verification: VerificationMode
    public var sampleSeed: UInt64
    public var chunkSize: ByteCount
    /// Where verification reads will come from, as known when planning (for the description; the
    /// job asks again when it verifies).
    public var readPath: ReadPath?
    /// The addressed and native capacity, with any hidden area, as established before the first
    /// byte (nil: not established). A hidden range left in place fails the attempt
    /// (`hidden-area-not-sanitized`): the overwrite cannot reach it.
    public var capacity: CapacityRecord?
    /// Restore the native maximum (remove the Host Protected Area in `capacity`) before the first
    /// write, and overwrite the whole native capacity.
    public var removeHiddenAreas = false
    /// What part of the drive the overwrite reaches (an NVMe namespace, or the whole device).
    public var scope: ScopeRecord?

    public init(attemptID: UUID = UUID(), identity: DeviceIdentity, level: SanitizationLevel = .clear, scheme: String?,
                passes: [PlannedPass], verification: VerificationMode, sampleSeed: UInt64 = SecureRandom.uint64(),
                chunkSize: ByteCount = WipePlan.defaultChunkSize) {
        self.attemptID = attemptID
        self.identity = identity
        self.level = level
        self.scheme = scheme
        self.passes = passes
        self.verification = verification
        self.sampleSeed = sampleSeed
        self.chunkSize = chunkSize
    }

    /// The patterns for the command-line options: a named scheme, or `pattern` repeated `passes`
    /// times; then a zero pass if `finalZero`.
    public static func patterns(scheme: OverwriteScheme?, pattern: OverwritePattern?, passes: Int, finalZero: Bool) -> [OverwritePattern] {
        var out: [OverwritePattern]
        if let scheme {
            out = []
            for _ in 0..<max(1, passes) { out += scheme.passes }
        } else {
            out = Array(repeating: pattern ?? .random, count: max(1, passes))
        }
        if finalZero && out.last != .zero { out.append(.zero) }
        return out
    }

    /// What the plan will write, one line per pass, for `--dry-run` and the confirmation prompt.
    public var description: String {
        var lines = ["\(identity.path): \(level.rawValue) by overwrite, \(passes.count) pass\(passes.count == 1 ? "" : "es")"
                     + (scheme.map { " (scheme \($0))" } ?? "")]
        for (i, p) in passes.enumerated() {
            var line = "  pass \(i + 1): \(p.pattern)"
            if p.pattern == .random { line += " (\(p.cipher.displayName) keystream, fresh key)" }
            line += ", \(identity.capacity.bytes) bytes in \(chunkSize.binaryDescription) chunks, O_DIRECT, then flush"
            lines.append(line)
        }
        for r in capacity?.remainingHiddenRanges ?? [] {
            if r.kind == .hpa && removeHiddenAreas {
                lines.insert("  before: restore the native capacity (SET MAX ADDRESS EXT to LBA \(r.lastLBA), volatile), confirmed by IDENTIFY; "
                             + "the kernel must then address it, or nothing is written", at: 1)
                continue
            }
            lines.append("  hidden: \(r.kind.rawValue.uppercased()) LBA \(r.firstLBA)–\(r.lastLBA) (\(r.blocks) sectors) is out of the host's reach: "
                         + "the attempt will be certified failed (hidden-area-not-sanitized)")
        }
        if let scope, !scope.wholeDevice || scope.kind != .device { lines.append("  scope: \(scope.summary)") }
        let reads = readPath.map { " (\($0.explanation))" } ?? " (O_DIRECT)"
        switch verification {
        case .full: lines.append("  verify: full read-back of every byte\(reads) against the last pass")
        case .sample: lines.append("  verify: NIST sampling (\(SampleLayout.subsections) subsections, ≥ 10 %, seed \(sampleSeed))\(reads)")
        case .none: lines.append("  verify: none — the result will be 'unverified', never 'passed'")
        }
        return lines.joined(separator: "\n")
    }
}
