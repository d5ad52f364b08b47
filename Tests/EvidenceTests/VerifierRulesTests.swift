import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

/// The verifier rules of Docs/design/evidence.md ("Verifier rules"), one test per rule: each
/// certificate is signed by a real throwaway station key after its content was edited, so only
/// the rule can reject it.
@Suite("Verifier rules: what a signed certificate may claim")
struct VerifierRulesTests {
    func problems(_ outcome: WipeOutcome = TestStation.outcome(), edit: (inout WipeCertificate) -> Void = { _ in }) throws -> [String] {
        let station = try TestStation()
        let entry = try station.certify(outcome, edit: edit)
        return DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath).problems
    }

    @Test func untouchedCertificatesHaveNoProblem() throws {
        #expect(try problems().isEmpty)
        #expect(try problems(TestStation.outcome(.unverified)).isEmpty)
        #expect(try problems { Self.sample(&$0) }.isEmpty, "a sample verification that reproduces from its seed")
    }

    // MARK: time and unverified

    @Test func timestampsMustRunStartEndIssue() throws {
        let p = try problems { $0.endedAt = "2020-01-01T00:00:00Z" }
        #expect(p.contains("ended_at is before started_at"), "\(p)")
    }

    @Test func unverifiedNeedsVerificationModeNone() throws {
        let p = try problems(TestStation.outcome(.unverified)) { $0.verification.mode = .full }
        #expect(p.contains { $0.contains("result unverified although verification mode is full") }, "\(p)")
    }

    @Test func unverifiedWithRecordedErrorsIsRejected() throws {
        let p = try problems(TestStation.outcome(.unverified)) { $0.errors = [WipeErrorRecord(operation: "write", errno: "EIO", message: "x")] }
        #expect(p.contains { $0.contains("result unverified with 1 recorded errors") }, "\(p)")
    }

    @Test func unverifiedWithUnwritableRangesIsRejected() throws {
        let p = try problems(TestStation.outcome(.unverified)) { $0.unwritableRanges = [ByteRange(offset: .zero, length: ByteCount(512))] }
        #expect(p.contains { $0.contains("result unverified with unwritable ranges") }, "\(p)")
    }

    @Test func unverifiedWithAnIncompletePassIsRejected() throws {
        let p = try problems(TestStation.outcome(.unverified)) { $0.sanitization.passes[0].completed = false }
        #expect(p.contains { $0.contains("result unverified but pass 1 did not write and flush the whole device") }, "\(p)")
    }

    // MARK: coverage

    @Test func coverageMustFollowBytesCompared() throws {
        let p = try problems { $0.verification.bytesCompared = ByteCount($0.device.capacity.bytes / 2) }
        #expect(p.contains { $0.contains("verification coverage 1.0 disagrees with") }, "\(p)")
        let failed = try problems(TestStation.outcome(.failed)) { $0.verification.coverage = 0.5 }
        #expect(failed.contains { $0.contains("disagrees with 0 bytes compared") }, "whatever the result: \(failed)")
    }

    // MARK: sample mode

    /// A correct `sample` verification of the test device (64 MiB, 512-byte blocks), seed 42.
    static func sample(_ c: inout WipeCertificate, seed: UInt64 = 42) {
        let layout = SampleLayout(deviceSize: c.device.capacity, blockSize: c.device.logicalSectorSize, seed: seed)!
        c.verification.mode = .sample
        c.verification.seed = seed
        c.verification.samplingAlgorithm = SampleLayout.algorithm
        c.verification.subsections = SampleLayout.subsections
        c.verification.samples = layout.sampleCount
        c.verification.bytesCompared = layout.bytes
        c.verification.coverage = (Double(layout.bytes.bytes) / Double(c.device.capacity.bytes) * 1_000_000).rounded() / 1_000_000
    }

    @Test func sampleAlgorithmMustBeTheDocumentedOne() throws {
        let p = try problems { Self.sample(&$0); $0.verification.samplingAlgorithm = "splitmix64-halves-v0" }
        #expect(p.contains { $0.contains("sample verification with algorithm splitmix64-halves-v0") }, "\(p)")
    }

    @Test func sampleSubsectionCountMustReproduce() throws {
        let p = try problems { Self.sample(&$0); $0.verification.subsections = 100 }
        #expect(p.contains { $0.contains("records 100 subsections, not 1000") }, "\(p)")
    }

    @Test func sampleCountMustReproduceFromTheSeed() throws {
        let p = try problems { Self.sample(&$0); $0.verification.samples! += 1 }
        #expect(p.contains { $0.contains("samples; the seed gives") }, "\(p)")
    }

    @Test func sampleBytesMustReproduceFromTheSeed() throws {
        let other = try problems {
            Self.sample(&$0)
            $0.verification.bytesCompared = ByteCount($0.verification.bytesCompared.bytes - 512)
            $0.verification.coverage = (Double($0.verification.bytesCompared.bytes) / Double($0.device.capacity.bytes) * 1_000_000).rounded() / 1_000_000
        }
        #expect(other.contains { $0.contains("sample verification compared") && $0.contains("the seed's samples hold") }, "\(other)")
    }

    // MARK: purge and errors

    @Test func passedPurgeNeedsAFirmwareRecord() throws {
        let p = try problems { $0.sanitization.level = .purge }
        #expect(p.contains { $0.contains("result passed at level purge without a firmware record") }, "\(p)")
    }

    @Test func keystreamKeysMatchTheirCipherAndVersion() throws {
        // A version 4 certificate with its AES-256-CTR key, as earlier versions wrote it, stays valid.
        #expect(try problems { $0.write(asVersion: 4) }.isEmpty)
        // Version 5 with a pass journalled (and keyed) by an earlier version: valid too.
        #expect(try problems {
            $0.sanitization.passes[0].cipher = .aes256CTR
            $0.sanitization.passes[0].aesKey = String(repeating: "ab", count: 32)
        }.isEmpty)
        let early = try problems { $0.schemaVersion = 4 }
        #expect(early.contains("pass 1 records an AES-128-CTR key, which schema_version 4 does not have"), "\(early)")
        let long = try problems { $0.sanitization.passes[0].aesKey = String(repeating: "ab", count: 32) }
        #expect(long.contains("pass 1's key is not a 16-byte AES-128-CTR key in hex"), "\(long)")
        let short = try problems { $0.sanitization.passes[0].cipher = .aes256CTR }
        #expect(short.contains("pass 1's key is not a 32-byte AES-256-CTR key in hex"), "\(short)")
        let iv = try problems { $0.sanitization.passes[0].aesIV = "zz" }
        #expect(iv.contains("pass 1's counter block is not 16 bytes in hex"), "\(iv)")
    }

    @Test func passedWithAnyRecordedErrorIsRejected() throws {
        let p = try problems { $0.errors = [WipeErrorRecord(operation: "read", errno: "EIO", message: "retried and succeeded")] }
        #expect(p.contains { $0.contains("result passed with 1 recorded errors") }, "\(p)")
    }
}
