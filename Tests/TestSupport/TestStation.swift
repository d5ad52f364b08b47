import Evidence
import Foundation
import StorageModel

/// A throwaway station (key, self-signed certificate, trust anchor) in a temporary directory,
/// and certificates made from synthetic outcomes.
public final class TestStation: @unchecked Sendable {
    public let home: ExpungeHome
    public let store: StationKeyStore
    public let signer: StationSigner
    public let trust: TrustStore

    public init(name: String = "TEST-ST", validityDays: Int = 30) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-evidence-\(UUID().uuidString)").path
        home = ExpungeHome(root: root)
        store = StationKeyStore(home: home)
        _ = try store.initialize(station: name, organization: "Test Org", location: "Bench 1", kind: .selfSigned, validityDays: validityDays, replace: false)
        signer = try store.loadSigner()
        trust = try TrustStore(pemFile: store.trustPath)
    }

    deinit { try? FileManager.default.removeItem(atPath: home.root) }

    public var ledger: Ledger { Ledger(directory: home.ledger) }

    public static func identity(serial: String = "SN-123") -> DeviceIdentity {
        DeviceIdentity(path: "/dev/sdz", model: "Test Disk", vendor: "ACME", serial: serial, wwn: "naa.5000000000000001", firmware: "1.0",
                       transport: .sata, mediaType: .hdd, capacity: .mebibytes(64),
                       logicalSectorSize: ByteCount(512), physicalSectorSize: ByteCount(4096))
    }

    public static func outcome(_ result: WipeResult = .passed) -> WipeOutcome {
        let id = identity()
        let now = Timestamp.rfc3339(Date())
        var pass = PassRecord(index: 1, pattern: "random", aesKey: String(repeating: "ab", count: 16), aesIV: String(repeating: "cd", count: 16),
                              bytesWritten: id.capacity, completed: true, flushed: true, startedAt: now, endedAt: now)
        var verification = VerificationRecord(mode: .full, expectedPattern: "random", bytesCompared: id.capacity, coverage: 1,
                                              completed: true, startedAt: now, endedAt: now)
        var reasons: [FailureReason] = []
        var errors: [WipeErrorRecord] = []
        switch result {
        case .failed:
            reasons = [.writeErrors]
            pass.unwritableRanges = [ByteRange(offset: ByteCount(4096), length: ByteCount(512))]
            errors = [WipeErrorRecord(operation: "write", range: pass.unwritableRanges[0], errno: "EIO", message: "unwritable")]
            verification.completed = false
            verification.bytesCompared = .zero
            verification.coverage = 0
        case .aborted: reasons = [.abortedBySignal]; pass.completed = false
        case .interrupted: reasons = [.processInterrupted]
        case .unverified: reasons = [.notVerified]; verification = VerificationRecord(mode: .none)
        case .passed: break
        }
        return WipeOutcome(attemptID: UUID(), result: result, reasons: reasons, level: .clear, technique: .overwrite, scheme: nil,
                           chunkSize: .mebibytes(4), identityAtStart: id, identityAtEnd: id, passes: [pass], verification: verification,
                           errors: errors, startedAt: now, endedAt: now, durationSeconds: 1.5)
    }

    public static let tool = ToolInfo(version: "test", buildSHA256: nil, kernel: "Linux test", operatingSystem: nil)

    /// Appends a certificate for `outcome` to this station's ledger.
    @discardableResult
    public func certify(_ outcome: WipeOutcome = TestStation.outcome(), asset: String = "ASSET-1",
                 edit: (inout WipeCertificate) -> Void = { _ in }) throws -> LedgerEntry {
        try ledger.append(station: signer.station.name, make: { position in
            var c = WipeCertificate(outcome: outcome, position: position, station: signer.station, operatorID: "op-1",
                                    assetID: asset, customer: nil, tool: Self.tool)
            edit(&c)
            return try c.encoded()
        }, sign: { try signer.sign($0) })
    }
}

extension WipeCertificate {
    /// This certificate as schema_version `version` wrote it: before 5, random passes carry an
    /// AES-256-CTR key (32 bytes) in the `aes_256_ctr_*` fields.
    public mutating func write(asVersion version: Int) {
        schemaVersion = version
        guard version < 5 else { return }
        for i in sanitization.passes.indices {
            sanitization.passes[i].cipher = .aes256CTR
            if sanitization.passes[i].aesKey != nil { sanitization.passes[i].aesKey = String(repeating: "ab", count: 32) }
        }
    }
}
