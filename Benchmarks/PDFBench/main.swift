// PDF benchmark: N distinct signed certificates (a mix of results) in a fresh ledger, then each
// verified, laid out, rendered to its own PDF and written to disk, on one thread, as
// `expunge certificate pdf LEDGER/*.json -o DIR` does. Prints the time and the rate.
import Evidence
import Foundation
import Rendering
import StorageModel

let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000
let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-bench-pdf-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: root) }
let home = ExpungeHome(root: root)
let store = StationKeyStore(home: home)
_ = try store.initialize(station: "BENCH", organization: "Benchmark Łódź", location: "Bench 1", kind: .selfSigned, validityDays: 30, replace: false)
let signer = try store.loadSigner()
let trust = try TrustStore(pemFile: store.trustPath)
let ledger = Ledger(directory: home.ledger)
let tool = ToolInfo(version: "bench", buildSHA256: String(repeating: "ab", count: 32), kernel: "Linux", operatingSystem: "Debian GNU/Linux 12 (bookworm)")

func outcome(_ i: Int) -> WipeOutcome {
    let id = DeviceIdentity(path: "/dev/sd\(i % 26)", model: "Bench Disk \(i % 7)", vendor: "ACME", serial: "SN-\(i)", wwn: "naa.50000000000\(10000 + i)",
                            firmware: "1.0", transport: .sata, mediaType: .hdd, capacity: .gibibytes(500),
                            logicalSectorSize: ByteCount(512), physicalSectorSize: ByteCount(4096))
    let now = Timestamp.rfc3339(Date())
    let failed = i % 10 == 9
    var pass = PassRecord(index: 1, pattern: "random", aesKey: String(repeating: "ab", count: 32), aesIV: String(repeating: "cd", count: 16),
                          bytesWritten: id.capacity, completed: true, flushed: true, startedAt: now, endedAt: now, durationSeconds: 300)
    var errors: [WipeErrorRecord] = []
    var verification = VerificationRecord(mode: .full, expectedPattern: "random", bytesCompared: id.capacity, coverage: 1, completed: true,
                                          startedAt: now, endedAt: now, durationSeconds: 280)
    if failed {
        pass.unwritableRanges = [ByteRange(offset: ByteCount(4096), length: ByteCount(512))]
        errors = [WipeErrorRecord(operation: "write", range: pass.unwritableRanges[0], errno: "EIO", message: "unwritable")]
        verification.completed = false
        verification.bytesCompared = .zero
        verification.coverage = 0
    }
    return WipeOutcome(attemptID: UUID(), result: failed ? .failed : .passed, reasons: failed ? [.writeErrors] : [], level: .clear,
                       technique: "overwrite", scheme: nil, chunkSize: .mebibytes(4), identityAtStart: id, identityAtEnd: id, passes: [pass],
                       verification: verification, errors: errors, startedAt: now, endedAt: now, durationSeconds: 600)
}

var paths: [String] = []
for i in 0..<count {
    let entry = try ledger.append(station: "BENCH", make: { position in
        try WipeCertificate(outcome: outcome(i), position: position, station: signer.station, operatorID: "op-\(i % 5)",
                            assetID: "ASSET-\(i / 2)", customer: "Müller GmbH", tool: tool).encoded()
    }, sign: { try signer.sign($0) })
    paths.append(entry.documentPath)
}

let out = root + "/pdf"
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
let rendering = CertificateRendering(verifier: DocumentVerifier(trust: trust, registry: .core), paper: .a4, verifyURL: "https://depot.example.com")
var bytes = 0
let start = DispatchTime.now()
for path in paths {
    let loaded = try rendering.load(path)
    let pdf = try rendering.pdf([loaded])
    bytes += pdf.count
    try Data(pdf).write(to: URL(fileURLWithPath: out + "/" + loaded.certificate.certificateID + ".pdf"))
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
print(String(format: "rendered %d certificates (verify + layout + PDF + write) in %.2f s on one thread: %.0f per second, %.1f ms each, %.0f KiB per PDF",
             count, seconds, Double(count) / seconds, seconds / Double(count) * 1000, Double(bytes) / Double(count) / 1024))
print(seconds < 10 || count != 1_000 ? "target (1,000 in < 10 s): met" : "target (1,000 in < 10 s): NOT met")
