import Fakes
import BlockIO
import Foundation
import Sanitization
import StorageModel
import Testing

@Suite("Overwrite engine on an in-memory device with faults")
struct WipeJobTests {
    static let size = ByteCount.mebibytes(3) + ByteCount(1536)  // not a multiple of the chunk

    func job(_ device: MemoryBlockDevice, patterns: [OverwritePattern] = [.random], verify: VerificationMode = .full,
             reader: FakeIdentityReader? = nil, cancel: CancellationFlag = CancellationFlag(),
             chunk: ByteCount = .mebibytes(1)) -> WipeJob {
        let plan = WipePlan(identity: device.identity, scheme: nil, passes: patterns.map { PlannedPass(pattern: $0) },
                            verification: verify, sampleSeed: 42, chunkSize: chunk)
        return WipeJob(plan: plan, device: device, identityReader: reader ?? FakeIdentityReader(behaviour: .same(device.identity)),
                       cancellation: cancel)
    }

    @Test func zeroPassWritesEveryByteFlushesAndVerifies() {
        let d = MemoryBlockDevice(size: Self.size)
        let outcome = job(d, patterns: [.zero]).run()
        #expect(outcome.result == .passed)
        #expect(outcome.reasons.isEmpty)
        #expect(d.contents.allSatisfy { $0 == 0 })
        #expect(outcome.passes.count == 1)
        #expect(outcome.passes[0].bytesWritten == Self.size)
        #expect(outcome.passes[0].flushed)
        #expect(outcome.verification.mode == .full)
        #expect(outcome.verification.bytesCompared == Self.size)
        #expect(outcome.verification.coverage == 1)
        #expect(outcome.exitStatus == .success)
        let trace = d.trace
        let lastWrite = trace.lastIndex { if case .write = $0 { true } else { false } }!
        let flush = trace.firstIndex(of: .flush)!
        let firstRead = trace.firstIndex { if case .read = $0 { true } else { false } }!
        #expect(lastWrite < flush && flush < firstRead, "flush after the pass, before verification reads")
    }

    @Test func randomPassMatchesTheRecordedKeystream() throws {
        let d = MemoryBlockDevice(size: Self.size)
        let outcome = job(d).run()
        #expect(outcome.result == .passed)
        let pass = outcome.passes[0]
        let key = try #require(pass.aesKey.flatMap { [UInt8](hexString: $0) })
        let iv = try #require(pass.aesIV.flatMap { [UInt8](hexString: $0) })
        #expect(pass.cipher == .aes128CTR && key.count == 16)
        let expected = AlignedBuffer(count: Self.size.int)
        AESCTRKeystream(cipher: pass.cipher, key: key, iv: iv).fill(expected.mutableBytes, streamOffset: 0)
        #expect(Array(expected.bytes) == d.contents)
        #expect(d.contents.filter { $0 == 0xA5 }.count < Self.size.int / 100, "the original content is gone")
    }

    @Test func eachPassFlushesAndTheLastIsVerified() {
        let d = MemoryBlockDevice(size: Self.size)
        let outcome = job(d, patterns: OverwriteScheme.dod5220ThreePass.passes).run()
        #expect(outcome.result == .passed)
        #expect(outcome.passes.map(\.pattern) == ["zero", "one", "random"])
        #expect(d.trace.filter { $0 == .flush }.count == 3)
        #expect(outcome.verification.expectedPattern == "random")
    }

    @Test(arguments: [Errno.ioError, Errno.noData])
    func writeMediaErrorsEndFailedWithExactRanges(errno: Errno) {
        let d = MemoryBlockDevice(size: Self.size, faults: .init(writeErrors: [100: errno, 101: errno, 5000: errno]))
        let outcome = job(d, patterns: [.zero]).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons.contains(.writeErrors))
        #expect(outcome.unwritableRanges == [
            ByteRange(offset: ByteCount(100 * 512), length: ByteCount(1024)),
            ByteRange(offset: ByteCount(5000 * 512), length: ByteCount(512)),
        ])
        // Everything else was still written.
        let c = d.contents
        #expect(c[0..<(100 * 512)].allSatisfy { $0 == 0 })
        #expect(c[(102 * 512)..<(5000 * 512)].allSatisfy { $0 == 0 })
        #expect(c[(100 * 512)..<(102 * 512)].allSatisfy { $0 == 0xA5 })
        #expect(!outcome.verification.completed, "no verification claim after a failed overwrite")
        #expect(outcome.exitStatus == .failed)
    }

    @Test func unreadableBlocksDuringVerificationEndFailed() {
        let d = MemoryBlockDevice(size: Self.size, faults: .init(readErrors: [7: .noData]))
        let outcome = job(d, patterns: [.one]).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons == [.readErrors])
        #expect(outcome.verification.unreadableRanges == [ByteRange(offset: ByteCount(7 * 512), length: ByteCount(512))])
        #expect(outcome.verification.bytesCompared == Self.size - ByteCount(512))
    }

    @Test func silentCorruptionIsCaughtByFullVerification() {
        let corrupt: UInt64 = 2 * 1024 * 1024 + 777
        let d = MemoryBlockDevice(size: Self.size, faults: .init(corruptAfterWrite: [corrupt]))
        let outcome = job(d).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons == [.verificationMismatch])
        #expect(outcome.verification.mismatchedBlocks == 1)
        #expect(outcome.verification.firstMismatchOffsets == [corrupt - corrupt % 512])
        #expect(outcome.exitStatus == .verificationFailed)
    }

    /// The in-place check (keystream XORed into the read, then a scan for zeros; a constant
    /// pattern scanned directly) locates mismatches block by block exactly: the last block of a
    /// full chunk, the last block of the short final chunk, several blocks in one chunk.
    @Test(arguments: [OverwritePattern.random, .zero, .one])
    func mismatchesAreLocatedExactlyByTheInPlaceCheck(pattern: OverwritePattern) {
        let chunk = 1 << 20
        let lastOfFirstChunk = UInt64(chunk - 1)                     // last byte of chunk 0
        let lastOfChunk2 = UInt64(2 * chunk + 511)                   // first block of chunk 2, offset 511
        let shortFinal = UInt64(Self.size.int - 1)                   // last byte of the short final chunk
        let firstOfShort = UInt64(3 * chunk + 8)                     // first block of the short final chunk
        let corrupt: Set<UInt64> = [lastOfFirstChunk, lastOfChunk2, shortFinal, firstOfShort, 4096 + 7, 4096 + 300]
        let d = MemoryBlockDevice(size: Self.size, faults: .init(corruptAfterWrite: corrupt))
        let outcome = job(d, patterns: [pattern]).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons == [.verificationMismatch])
        #expect(outcome.verification.mismatchedBlocks == 5, "two flips in block 8 are one block")
        #expect(outcome.verification.firstMismatchOffsets == [4096, UInt64(chunk - 512), UInt64(2 * chunk), UInt64(3 * chunk), UInt64(Self.size.int - 512)])
        #expect(outcome.verification.bytesCompared == Self.size)
        #expect(outcome.verification.completed)
    }

    @Test func mismatchInAShortFinalChunkOnly() {
        // The device ends with a 1,536-byte chunk: three blocks, the middle one wrong.
        let middle = UInt64(Self.size.int - 1024 + 100)
        let d = MemoryBlockDevice(size: Self.size, faults: .init(corruptAfterWrite: [middle]))
        let outcome = job(d).run()
        #expect(outcome.verification.mismatchedBlocks == 1)
        #expect(outcome.verification.firstMismatchOffsets == [UInt64(Self.size.int - 1024)])
    }

    @Test func unreadableAndMismatchedBlocksInOneChunk() {
        // Block 7 unreadable (skipped, not compared), block 9 wrong: both reported exactly.
        let d = MemoryBlockDevice(size: Self.size, faults: .init(readErrors: [7: .noData], corruptAfterWrite: [9 * 512 + 5]))
        let outcome = job(d).run()
        #expect(outcome.reasons == [.readErrors, .verificationMismatch])
        #expect(outcome.verification.unreadableRanges == [ByteRange(offset: ByteCount(7 * 512), length: ByteCount(512))])
        #expect(outcome.verification.firstMismatchOffsets == [9 * 512])
        #expect(outcome.verification.bytesCompared == Self.size - ByteCount(512))
    }

    @Test func onlyTheFirst32MismatchOffsetsAreKeptButAllAreCounted() {
        let corrupt = Set((0..<40).map { UInt64($0 * 4096 + 1) })
        let d = MemoryBlockDevice(size: Self.size, faults: .init(corruptAfterWrite: corrupt))
        let outcome = job(d).run()
        #expect(outcome.verification.mismatchedBlocks == 40)
        #expect(outcome.verification.firstMismatchOffsets == (0..<32).map { UInt64($0 * 4096) })
    }

    @Test func shortWritesAreContinued() {
        let d = MemoryBlockDevice(size: Self.size, faults: .init(maxTransfer: 4096 * 3))
        let outcome = job(d, patterns: [.zero]).run()
        #expect(outcome.result == .passed)
        #expect(d.contents.allSatisfy { $0 == 0 })
    }

    @Test func changedIdentityEndsFailed() {
        let d = MemoryBlockDevice(size: Self.size)
        var other = d.identity
        other.serial = "SOMETHING-ELSE"
        let outcome = job(d, patterns: [.zero], reader: FakeIdentityReader(behaviour: .changed(other))).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons == [.identityChanged])
        #expect(outcome.identityAtEnd?.serial == "SOMETHING-ELSE")
        #expect(outcome.errors.contains { $0.operation == "identity" && $0.message.contains("serial") })
        let gone = job(d, patterns: [.zero], reader: FakeIdentityReader(behaviour: .gone)).run()
        #expect(gone.result == .failed)
        #expect(gone.identityAtEnd == nil)
    }

    @Test func deviceRemovedMidPassEndsFailed() {
        let d = MemoryBlockDevice(size: Self.size, faults: .init(goneAfterBytes: 1 << 20))
        let outcome = job(d, patterns: [.zero]).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons.contains(.deviceGone))
        #expect(!outcome.passes[0].completed)
    }

    @Test(arguments: [UInt64(1 << 19), 3 << 19, 5 << 19])
    func bytesWrittenNeverClaimsMoreThanTheDeviceHolds(goneAfter: UInt64) throws {
        // Writes are queued two deep; whichever order they land in, the pass counts only the
        // prefix written in order before the first failure, and the device holds it.
        let d = MemoryBlockDevice(size: Self.size, faults: .init(goneAfterBytes: goneAfter))
        let outcome = job(d).run()
        #expect(outcome.result == .failed && outcome.reasons.contains(.deviceGone))
        let pass = outcome.passes[0]
        // (The fake fails every call that starts once `goneAfter` bytes are in, so the chunk that
        // crosses it still lands whole.)
        #expect(!pass.completed && pass.bytesWritten < Self.size && pass.bytesWritten.bytes % (1 << 20) == 0, "\(pass.bytesWritten)")
        #expect(pass.bytesWritten.bytes <= (goneAfter + (1 << 20) - 1) / (1 << 20) * (1 << 20))
        let key = try #require(pass.aesKey.flatMap { [UInt8](hexString: $0) })
        let iv = try #require(pass.aesIV.flatMap { [UInt8](hexString: $0) })
        let expected = AlignedBuffer(count: pass.bytesWritten.int)
        AESCTRKeystream(key: key, iv: iv).fill(expected.mutableBytes, streamOffset: 0)
        #expect(Array(d.contents.prefix(pass.bytesWritten.int)) == Array(expected.bytes))
        #expect(outcome.errors.filter { $0.operation == "write" }.count == 1, "one fatal write error recorded: \(outcome.errors)")
    }

    @Test func flushFailureEndsFailed() {
        let d = MemoryBlockDevice(size: Self.size, faults: .init(flushError: .ioError))
        let outcome = job(d, patterns: [.zero]).run()
        #expect(outcome.result == .failed)
        #expect(outcome.reasons.contains(.flushFailed))
    }

    @Test func cancellationStopsAtAChunkBoundaryAndEndsAborted() {
        let d = MemoryBlockDevice(size: Self.size)
        let cancel = CancellationFlag()
        cancel.cancel()
        let outcome = job(d, patterns: [.zero, .one], cancel: cancel).run()
        #expect(outcome.result == .aborted)
        #expect(outcome.reasons == [.abortedBySignal])
        #expect(outcome.exitStatus == .interrupted)
    }

    @Test func noVerificationIsNeverCalledPassed() {
        let d = MemoryBlockDevice(size: Self.size)
        let outcome = job(d, patterns: [.zero], verify: .none).run()
        #expect(outcome.result == .unverified)
        #expect(outcome.reasons == [.notVerified])
        #expect(outcome.verification.bytesCompared == .zero)
        #expect(!d.trace.contains { if case .read = $0 { true } else { false } })
    }

    @Test func sampleVerificationCoversTenPercentAndCatchesSampledCorruption() throws {
        let size = ByteCount.mebibytes(24)  // 49,152 blocks of 512: enough for 1,000 subsections
        let layout = try #require(SampleLayout(deviceSize: size, blockSize: ByteCount(512), seed: 42))
        let sampled = layout.ranges[layout.ranges.count / 2].offset.bytes + 3
        let d = MemoryBlockDevice(size: size, faults: .init(corruptAfterWrite: [sampled]))
        let outcome = job(d, verify: .sample).run()
        #expect(outcome.verification.mode == .sample)
        #expect(outcome.verification.seed == 42)
        #expect(outcome.verification.samples == 2002)
        #expect(outcome.verification.coverage >= 0.10)
        #expect(outcome.verification.bytesCompared == layout.bytes)
        #expect(outcome.result == .failed)
        #expect(outcome.verification.firstMismatchOffsets == [sampled - 3])
    }

    @Test func smallDeviceSampleFallsBackToFull() {
        let d = MemoryBlockDevice(size: Self.size)
        let outcome = job(d, verify: .sample).run()
        #expect(outcome.result == .passed)
        #expect(outcome.verification.mode == .full)
        #expect(outcome.verification.requestedMode == .sample)
        #expect(outcome.verification.coverage == 1)
    }
}

@Suite("Keystream, sampling and patterns")
struct BuildingBlockTests {
    @Test func aes128CtrMatchesNistSp80038aVector() throws {
        // NIST SP 800-38A F.5.1 CTR-AES128.Encrypt, blocks 1 and 2: keystream = ciphertext XOR plaintext.
        let key = try #require([UInt8](hexString: "2b7e151628aed2a6abf7158809cf4f3c"))
        let counter = try #require([UInt8](hexString: "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"))
        let plaintext = try #require([UInt8](hexString: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"))
        let ciphertext = try #require([UInt8](hexString: "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"))
        let buffer = AlignedBuffer(count: 32)
        let stream = AESCTRKeystream(cipher: .aes128CTR, key: key, iv: counter)
        stream.fill(buffer.mutableBytes, streamOffset: 0)
        #expect(zip(Array(buffer.bytes), plaintext).map { $0 ^ $1 } == ciphertext)
        #expect(KeystreamCipher.current == .aes128CTR, "new passes use AES-128-CTR")
        #expect(PlannedPass(pattern: .random).key?.count == 16)
    }

    @Test func aes256CtrMatchesNistSp80038aVector() throws {
        // NIST SP 800-38A F.5.5 CTR-AES256.Encrypt, block 1: keystream = ciphertext XOR plaintext.
        // (The cipher of random passes in certificates before schema_version 5.)
        let key = try #require([UInt8](hexString: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"))
        let counter = try #require([UInt8](hexString: "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"))
        let plaintext = try #require([UInt8](hexString: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"))
        let ciphertext = try #require([UInt8](hexString: "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"))
        let buffer = AlignedBuffer(count: 32)
        AESCTRKeystream(cipher: .aes256CTR, key: key, iv: counter).fill(buffer.mutableBytes, streamOffset: 0)
        #expect(zip(Array(buffer.bytes), plaintext).map { $0 ^ $1 } == ciphertext)
        // Starting at block 1 gives the second block alone (the counter wraps within the IV).
        let second = AlignedBuffer(count: 16)
        AESCTRKeystream(cipher: .aes256CTR, key: key, iv: counter).fill(second.mutableBytes, streamOffset: 16)
        #expect(Array(second.bytes) == Array(buffer.bytes[16..<32]))
    }

    @Test func sampleLayoutFollowsTheNistRule() throws {
        let size = ByteCount.gibibytes(1)
        let layout = try #require(SampleLayout(deviceSize: size, blockSize: ByteCount(512), seed: 7))
        #expect(layout.sampleCount == 2 * 1000 + 2)
        #expect(Double(layout.bytes.bytes) / Double(size.bytes) >= 0.10)
        #expect(layout.ranges.first?.offset == .zero)
        #expect(layout.ranges.last?.end == size)
        for (a, b) in zip(layout.ranges, layout.ranges.dropFirst()) { #expect(a.end < b.offset, "sorted, disjoint") }
        let again = try #require(SampleLayout(deviceSize: size, blockSize: ByteCount(512), seed: 7))
        #expect(again.ranges == layout.ranges, "positions follow from the seed")
        let other = try #require(SampleLayout(deviceSize: size, blockSize: ByteCount(512), seed: 8))
        #expect(other.ranges != layout.ranges)
        #expect(SampleLayout(deviceSize: .mebibytes(8), blockSize: ByteCount(512), seed: 1) == nil)
    }

    @Test func splitMixIsTheReferenceGenerator() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func keystreamAppliedInPlaceToItselfGivesZerosAndSplitsAgree() throws {
        let key = (0..<16).map { UInt8($0) }, iv = (0..<16).map { UInt8(255 - $0) }
        let n = 1 << 20
        let whole = AlignedBuffer(count: n), split = AlignedBuffer(count: n)
        AESCTRKeystream(key: key, iv: iv).fill(whole.mutableBytes, streamOffset: 4096)
        // The same stream in slices from independent contexts.
        let s = AESCTRKeystream(key: key, iv: iv)
        for start in stride(from: 0, to: n, by: 65536) {
            s.fill(UnsafeMutableRawBufferPointer(rebasing: split.mutableBytes[start..<(start + 65536)]), streamOffset: 4096 + UInt64(start))
        }
        #expect(Array(whole.bytes) == Array(split.bytes))
        AESCTRKeystream(key: key, iv: iv).apply(to: whole.mutableBytes, streamOffset: 4096)
        #expect(whole.bytes.allSatisfy { $0 == 0 })
    }

    @Test func keystreamComparisonFindsAnyDifferingByteWithoutWritingTheData() throws {
        let key = (0..<16).map { UInt8($0 * 3) }, iv = (0..<16).map { UInt8(200 - $0) }
        // Longer than several 64 KiB scratch pieces and not a multiple of one; starting mid-stream.
        let n = 3 * 65536 + 4096
        let data = AlignedBuffer(count: n)
        AESCTRKeystream(key: key, iv: iv).fill(data.mutableBytes, streamOffset: 8192)
        let original = Array(data.bytes)
        let stream = AESCTRKeystream(key: key, iv: iv)
        #expect(stream.matches(data.bytes, streamOffset: 8192))
        #expect(Array(data.bytes) == original, "the data is compared, not consumed")
        #expect(!stream.matches(data.bytes, streamOffset: 8192 + 16), "another position in the stream")
        for position in [0, 65535, 65536, 2 * 65536 + 17, n - 1] {
            data.mutableBytes[position] ^= 0x01
            #expect(!stream.matches(data.bytes, streamOffset: 8192), "a bit flipped at byte \(position)")
            data.mutableBytes[position] ^= 0x01
        }
        #expect(stream.matches(data.bytes, streamOffset: 8192), "the same context checks again from a new offset")
    }

    @Test func patternsParseAndPrint() {
        #expect(OverwritePattern(argument: "zero") == .zero)
        #expect(OverwritePattern(argument: "one") == .one)
        #expect(OverwritePattern(argument: "random") == .random)
        #expect(OverwritePattern(argument: "0xaa") == .constant(0xAA))
        #expect(OverwritePattern(argument: "0x1") == nil)
        #expect(OverwritePattern(argument: "0xGG") == nil)
        #expect(OverwritePattern.constant(0xAA).description == "0xAA")
        #expect(OverwritePattern.constant(0x05).description == "0x05")
        #expect(WipePlan.patterns(scheme: nil, pattern: nil, passes: 1, finalZero: false) == [.random])
        #expect(WipePlan.patterns(scheme: nil, pattern: .random, passes: 2, finalZero: true) == [.random, .random, .zero])
        #expect(WipePlan.patterns(scheme: .dod5220ThreePass, pattern: nil, passes: 1, finalZero: false) == [.zero, .one, .random])
    }
}
