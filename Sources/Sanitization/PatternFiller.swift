import Glibc
import StorageModel

/// Fills buffers with what a pass writes at a given device offset.
///
/// Sendable by confinement: each instance is used by one thread or serial queue at a time (the
/// job thread hands it to the generator queue and waits), never concurrently.
final class PatternFiller: @unchecked Sendable {
    let pass: PlannedPass
    private let keystream: AESCTRKeystream?

    init(_ pass: PlannedPass) {
        self.pass = pass
        if pass.pattern == .random, let key = pass.key, let iv = pass.iv {
            keystream = AESCTRKeystream(key: key, iv: iv)
        } else {
            keystream = nil
        }
    }

    /// Whether every chunk has the same content (a constant byte): fill once, write many times.
    var isConstant: Bool { keystream == nil }

    func fill(_ buffer: UnsafeMutableRawBufferPointer, deviceOffset: UInt64) {
        switch pass.pattern {
        case .constant(let b): memset(buffer.baseAddress!, Int32(b), buffer.count)
        case .random: keystream!.fill(buffer, streamOffset: deviceOffset)
        }
    }
}
