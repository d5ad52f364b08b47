// PDF benchmark: N distinct signed certificates (a mix of results) in a fresh ledger, then each
// verified, laid out, rendered to its own PDF and written to disk, on one thread, as
// `expunge certificate pdf LEDGER/*.json -o DIR` does. Prints the time and the rate.
import Dispatch
import Evidence
import Foundation
import Glibc
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
                       technique: .overwrite, scheme: nil, chunkSize: .mebibytes(4), identityAtStart: id, identityAtEnd: id, passes: [pass],
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

/// CPU seconds (user + system) this process has used so far.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

func render(_ path: String) throws -> Int {
    let loaded = try rendering.load(path)
    let pdf = try rendering.pdf([loaded])
    try Data(pdf).write(to: URL(fileURLWithPath: out + "/" + loaded.certificate.certificateID + ".pdf"))
    return pdf.count
}

// Where one thread's CPU goes, per certificate.
do {
    var c0 = cpuSeconds()
    let loaded = try paths.map { try rendering.load($0) }
    let tLoad = cpuSeconds() - c0
    c0 = cpuSeconds()
    let pages = loaded.map { rendering.page($0) }
    let tLayout = cpuSeconds() - c0
    c0 = cpuSeconds()
    for p in pages { _ = try PDFRenderer.render([p]) }
    let tRender = cpuSeconds() - c0
    print(String(format: "CPU per certificate: read + verify + decode %.1f ms, layout %.2f ms, PDF %.1f ms", tLoad / Double(count) * 1000,
                 tLayout / Double(count) * 1000, tRender / Double(count) * 1000))
}

// One thread: the CPU cost of one certificate.
var bytes = 0
var start = DispatchTime.now()
var cpu = cpuSeconds()
for path in paths { bytes += try render(path) }
var seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
cpu = cpuSeconds() - cpu
print(String(format: "one thread: %d certificates (verify + layout + PDF + write) in %.2f s (%.2f s CPU): %.0f per second, %.1f ms CPU each, %.0f KiB per PDF",
             count, seconds, cpu, Double(count) / seconds, cpu / Double(count) * 1000, Double(bytes) / Double(count) / 1024))

// Every core, as `expunge certificate pdf FILES… -o DIR` runs: `CertificateRendering.pdfs`.
let threads = ProcessInfo.processInfo.activeProcessorCount
start = DispatchTime.now()
cpu = cpuSeconds()
let loadedAll = try rendering.loadAll(paths)
let pdfs = try rendering.pdfs(loadedAll)
for (l, pdf) in zip(loadedAll, pdfs) { try Data(pdf).write(to: URL(fileURLWithPath: out + "/" + l.certificate.certificateID + ".pdf")) }
seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
cpu = cpuSeconds() - cpu
print(String(format: "%d threads: %d certificates in %.2f s (%.2f s CPU): %.0f per second", threads, count, seconds, cpu, Double(count) / seconds))
let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
print("load average during the run: \(loadAverage) on \(threads) cores (other processes share them: compare CPU seconds)")
print(seconds < 10 || count != 1_000 ? "target (1,000 in < 10 s): met" : "target (1,000 in < 10 s): NOT met")
