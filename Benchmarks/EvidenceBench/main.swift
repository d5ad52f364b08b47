// Evidence benchmark: CMS sign and verify rates on one core, and `expunge verify`-style
// verification of a directory of 10,000 certificates (all cores). Prints what it measured.
import Dispatch
import Evidence
import Foundation
import StorageModel

let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 10_000
let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-bench-evidence-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: root) }
let home = ExpungeHome(root: root)
let store = StationKeyStore(home: home)
_ = try store.initialize(station: "BENCH", organization: "Benchmark", location: nil, kind: .selfSigned, validityDays: 30, replace: false)
let signer = try store.loadSigner()
let trust = try TrustStore(pemFile: store.trustPath)

let identity = DeviceIdentity(path: "/dev/sdz", model: "Bench Disk", vendor: "ACME", serial: "SN-1", wwn: nil, firmware: "1",
                              transport: .sata, mediaType: .hdd, capacity: .gibibytes(500),
                              logicalSectorSize: ByteCount(512), physicalSectorSize: ByteCount(4096))
let now = Timestamp.rfc3339(Date())
let outcome = WipeOutcome(
    attemptID: UUID(), result: .passed, reasons: [], level: .clear, technique: .overwrite, scheme: nil, chunkSize: .mebibytes(4),
    identityAtStart: identity, identityAtEnd: identity,
    passes: [PassRecord(index: 1, pattern: "random", aesKey: String(repeating: "ab", count: 32), aesIV: String(repeating: "cd", count: 16),
                        bytesWritten: identity.capacity, completed: true, flushed: true, startedAt: now, endedAt: now, durationSeconds: 300)],
    verification: VerificationRecord(mode: .full, expectedPattern: "random", bytesCompared: identity.capacity, coverage: 1, completed: true,
                                     startedAt: now, endedAt: now, durationSeconds: 280),
    errors: [], startedAt: now, endedAt: now, durationSeconds: 600)
let tool = ToolInfo(version: "bench", buildSHA256: nil, kernel: "Linux", operatingSystem: nil)
let sample = try WipeCertificate(outcome: outcome, position: LedgerPosition(station: "BENCH", sequence: 1, previousSHA256: nil, issuedAt: now),
                                 station: signer.station, operatorID: "op", assetID: "A-1", customer: nil, tool: tool).encoded()

func rate(_ n: Int, _ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { try body() }
    return Double(n) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

let signRate = try rate(5000) { _ = try signer.sign(sample) }
let signature = try signer.sign(sample)
let verifyRate = rate(2500) {
    if case .failure(let f) = CMSSignature.verify(sample, signature: signature, trust: trust, at: Date()) { fatalError("\(f)") }
}

// A ledger of `count` certificates, then verify the directory as `expunge verify` does.
let ledger = Ledger(directory: home.ledger)
let appendStart = DispatchTime.now().uptimeNanoseconds
for i in 0..<count {
    _ = try ledger.append(station: "BENCH", make: { p in
        try WipeCertificate(outcome: outcome, position: p, station: signer.station, operatorID: "op", assetID: "A-\(i)",
                            customer: nil, tool: tool).encoded()
    }, sign: { try signer.sign($0) })
}
let appendRate = Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - appendStart) / 1e9)
let verifyStart = DispatchTime.now().uptimeNanoseconds
let report = DocumentVerifier(trust: trust).verify(paths: [home.ledger])
let verifySeconds = Double(DispatchTime.now().uptimeNanoseconds - verifyStart) / 1e9
guard report.isValid, report.documents.count == count else { fatalError("verification failed: \(report.chains)") }

print("""

Expunge evidence benchmark (certificate of \(sample.count) bytes, ECDSA P-256 / SHA-256 CMS)

| measurement | result | target |
|---|---|---|
| CMS sign, one core | \(Int(signRate)) /s | ≥ 5,000 /s |
| CMS verify (signature + chain), one core | \(Int(verifyRate)) /s | ≥ 2,500 /s |
| ledger append (build, sign, 2 atomic fsync'd files, state), one core | \(Int(appendRate)) /s | — |
| verify a directory of \(count) certificates (signature, schema, rules, chain), \(ProcessInfo.processInfo.activeProcessorCount) cores | \(String(format: "%.2f", verifySeconds)) s (\(Int(Double(count) / verifySeconds)) /s) | < 10 s for 10,000 |
""")
