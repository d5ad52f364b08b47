import Evidence
import Foundation
import Synchronization

/// What verifying a document gave, remembered briefly. The verdict of the same document bytes
/// and signature bytes against the same pinned certificate is a pure function of the three,
/// except for the signer certificate's validity period (time): so it is kept `lifetime` seconds
/// (60 by default) and then computed again. The decoded certificate of the same bytes never
/// changes and is kept while there is room. Both are bounded by `capacity` entries (emptied when
/// full: a burst of distinct documents costs what it would without the memory). Used by the
/// public verification page, where a certificate's QR code is opened again and again.
public final class VerdictMemory: Sendable {
    struct Key: Hashable {
        /// SHA-256 of the document, of the signature, and the pinned certificate's fingerprint.
        var document: String
        var signature: String
        var pin: String
    }

    private struct Remembered {
        var verdict: DocumentVerdict
        var at: Date
    }

    private struct State {
        var verdicts: [Key: Remembered] = [:]
        var certificates: [String: WipeCertificate] = [:]
        var computed = 0
    }

    public let lifetime: TimeInterval
    public let capacity: Int
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    public init(lifetime: TimeInterval = 60, capacity: Int = 4096, now: @escaping @Sendable () -> Date = { Date() }) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.now = now
    }

    /// How many verdicts were computed rather than remembered (for tests and diagnostics).
    public var computedCount: Int { state.withLock { $0.computed } }

    /// The verdict for `document` and `signature` against the pin `fingerprint` and when it was
    /// computed: remembered if that was less than `lifetime` ago, else `verify()`, remembered.
    func verdict(document: [UInt8], signature: [UInt8], pin fingerprint: String,
                 _ verify: () -> DocumentVerdict) -> (verdict: DocumentVerdict, verifiedAt: Date) {
        let key = Key(document: SHA256Digest.hex(document), signature: SHA256Digest.hex(signature), pin: fingerprint)
        let t = now()
        if let kept = state.withLock({ $0.verdicts[key] }), t.timeIntervalSince(kept.at) < lifetime, t >= kept.at {
            return (kept.verdict, kept.at)
        }
        // Computed outside the lock: two visitors of a new certificate may both verify it once.
        let verdict = verify()
        state.withLock { s in
            if s.verdicts.count >= capacity { s.verdicts.removeAll(keepingCapacity: true) }
            s.verdicts[key] = Remembered(verdict: verdict, at: t)
            s.computed += 1
        }
        return (verdict, t)
    }

    /// The wipe certificate the bytes with this SHA-256 decode to.
    func certificate(sha256: String, _ decode: () -> WipeCertificate?) -> WipeCertificate? {
        if let kept = state.withLock({ $0.certificates[sha256] }) { return kept }
        guard let decoded = decode() else { return nil }
        state.withLock { s in
            if s.certificates.count >= capacity { s.certificates.removeAll(keepingCapacity: true) }
            s.certificates[sha256] = decoded
        }
        return decoded
    }
}
