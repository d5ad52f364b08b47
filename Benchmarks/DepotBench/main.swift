// Depot ingest benchmark: STATIONS simulated stations push DOCUMENTS signed certificates each,
// concurrently, over HTTP to `expunge-depot serve` (a subprocess, on SQLite in its home, or on
// the database $EXPUNGE_DEPOT_DATABASE names, which it inherits), every document
// fully verified (pinned CMS signature, schema, rules, chain) and archived. Prints documents/s,
// latency percentiles, the depot's peak RSS, and checks that every document is stored exactly
// once and every chain is continuous.
import DepotAPI
import DepotClient
import Dispatch
import Evidence
import Foundation
import Glibc
import StorageModel

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let stations = arguments.first ?? 8
let perStation = arguments.dropFirst().first ?? 1_250
let depotBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("expunge-depot").path
let backend = ProcessInfo.processInfo.environment["EXPUNGE_DEPOT_DATABASE"].flatMap { $0.hasPrefix("postgres") ? "PostgreSQL" : nil } ?? "SQLite"
let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-bench-depot-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: root) }

func run(_ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: depotBinary)
    p.arguments = arguments + ["--home", root + "/depot"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { fatalError("expunge-depot \(arguments) exited \(p.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}

// MARK: Stations and their signed chains (in memory, built before the clock starts)

let tool = ToolInfo(version: "bench", buildSHA256: nil, kernel: "Linux", operatingSystem: nil)
struct Chain: Sendable {
    let name: String
    let certificatePEM: String
    let documents: [(document: [UInt8], signature: [UInt8])]
}
var chains: [Chain] = []
let prepared = DispatchTime.now().uptimeNanoseconds
for s in 0..<stations {
    let name = "BENCH-\(s + 1)"
    let store = StationKeyStore(home: ExpungeHome(root: root + "/" + name))
    _ = try store.initialize(station: name, organization: "Benchmark", location: nil, kind: .selfSigned, validityDays: 30, replace: false)
    let signer = try store.loadSigner()
    var previous: String?
    var documents: [(document: [UInt8], signature: [UInt8])] = []
    // Issued after the station's certificate exists (it is checked at the time of issue).
    let now = Timestamp.rfc3339(Date().addingTimeInterval(1))
    for i in 1...perStation {
        let identity = DeviceIdentity(path: "/dev/sdz", model: "Bench Disk", vendor: "ACME", serial: "SN-\(s)-\(i)", wwn: nil, firmware: "1",
                                      transport: .sata, mediaType: .hdd, capacity: .gibibytes(500),
                                      logicalSectorSize: ByteCount(512), physicalSectorSize: ByteCount(4096))
        let outcome = WipeOutcome(
            attemptID: UUID(), result: .passed, reasons: [], level: .clear, technique: .overwrite, scheme: nil, chunkSize: .mebibytes(4),
            identityAtStart: identity, identityAtEnd: identity,
            passes: [PassRecord(index: 1, pattern: "random", aesKey: String(repeating: "ab", count: 32), aesIV: String(repeating: "cd", count: 16),
                                bytesWritten: identity.capacity, completed: true, flushed: true, startedAt: now, endedAt: now, durationSeconds: 300)],
            verification: VerificationRecord(mode: .full, expectedPattern: "random", bytesCompared: identity.capacity, coverage: 1, completed: true,
                                             startedAt: now, endedAt: now, durationSeconds: 280),
            errors: [], startedAt: now, endedAt: now, durationSeconds: 600)
        let position = LedgerPosition(station: name, sequence: UInt64(i), previousSHA256: previous, issuedAt: now)
        let bytes = try WipeCertificate(outcome: outcome, position: position, station: signer.station, operatorID: "op",
                                        assetID: "A-\(s)-\(i)", customer: "Bench Corp", tool: tool).encoded()
        documents.append((bytes, try signer.sign(bytes)))
        previous = SHA256Digest.hex(bytes)
    }
    chains.append(Chain(name: name, certificatePEM: String(decoding: signer.certificate.pem, as: UTF8.self), documents: documents))
}
let documentBytes = chains[0].documents[0].document.count
print("prepared \(stations) × \(perStation) signed certificates (\(documentBytes) bytes each) in "
      + String(format: "%.1f s", Double(DispatchTime.now().uptimeNanoseconds - prepared) / 1e9))

// MARK: The depot

_ = try run(["migrate"])
let tokens = try chains.map { try run(["station", "enroll", $0.name]).trimmingCharacters(in: .whitespacesAndNewlines) }
let server = Process()
server.executableURL = URL(fileURLWithPath: depotBinary)
server.arguments = ["serve", "--listen", "127.0.0.1:0", "--home", root + "/depot", "--log-level", "warning"]
let serverOut = Pipe()
server.standardOutput = serverOut
server.standardError = FileHandle.nullDevice
try server.run()
var line = Data()
while true {
    let b = serverOut.fileHandleForReading.readData(ofLength: 1)
    if b.isEmpty || b == Data([0x0A]) { break }
    line.append(b)
}
guard let url = String(decoding: line, as: UTF8.self).split(separator: " ").last.map(String.init) else { fatalError("the depot did not start") }
let address = try DepotAddress(url, allowHTTP: false)
for (chain, token) in zip(chains, tokens) {
    let c = try DepotConnection(address: address, trustPEMFile: nil)
    _ = try await c.enroll(token: token, certificatePEM: chain.certificatePEM)
    await c.shutdown()
}

/// User + system CPU seconds the process has used (/proc/PID/stat, clock ticks of 1/100 s).
func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func peakRSS(_ pid: Int32) -> String {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
}

// MARK: Concurrent push

let cpuBefore = cpuSeconds(server.processIdentifier)
let start = DispatchTime.now().uptimeNanoseconds
let results: [([Double], [DocumentReceipt])]
do {
    results = try await withThrowingTaskGroup(of: ([Double], [DocumentReceipt]).self) { group in
        for chain in chains {
            group.addTask {
                let connection = try DepotConnection(address: address, trustPEMFile: nil)
                var latencies: [Double] = []
                var receipts: [DocumentReceipt] = []
                latencies.reserveCapacity(chain.documents.count)
                for d in chain.documents {
                    let t = DispatchTime.now().uptimeNanoseconds
                    receipts.append(try await connection.push(document: d.document, signature: d.signature))
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                }
                await connection.shutdown()
                return (latencies, receipts)
            }
        }
        var all: [([Double], [DocumentReceipt])] = []
        for try await r in group { all.append(r) }
        return all
    }
} catch {
    // The depot must not outlive a failed run.
    kill(server.processIdentifier, SIGTERM)
    server.waitUntilExit()
    fatalError("push failed: \(error)")
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
let rss = peakRSS(server.processIdentifier)
let depotCPU = cpuSeconds(server.processIdentifier) - cpuBefore
kill(server.processIdentifier, SIGTERM)
server.waitUntilExit()

// MARK: Checks and results

let receipts = results.flatMap(\.1)
let latencies = results.flatMap(\.0).sorted()
let total = stations * perStation
let storedOnce = receipts.filter { $0.status == .stored }.count == total
let continuous = receipts.allSatisfy { $0.sequence == 1 ? $0.chain == .first : $0.chain == .linked } && receipts.allSatisfy(\.missing.isEmpty)
struct Row: Decodable { let name: String; let documents: Int }
let held = try JSONDecoder().decode([Row].self, from: Data(try run(["station", "list", "--json"]).utf8))
let exactlyOnce = held.count == stations && held.allSatisfy { $0.documents == perStation }
func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }

print("""

Expunge depot ingest benchmark: \(stations) stations × \(perStation) certificates pushed concurrently over HTTP
(loopback, HTTP/1.1, one connection per station) into expunge-depot on \(backend), each verified in full

| measurement | result | target |
|---|---|---|
| documents ingested | \(total) in \(String(format: "%.2f", seconds)) s | — |
| sustained rate | \(Int(Double(total) / seconds)) documents/s | ≥ 1,000 /s |
| latency p50 / p99 / max | \(String(format: "%.1f / %.1f / %.1f", percentile(0.5), percentile(0.99), latencies.last ?? 0)) ms | p99 reported |
| depot CPU time (user + system) | \(String(format: "%.1f", depotCPU)) s, \(String(format: "%.2f", depotCPU * 1000 / Double(total))) ms per document | — |
| depot peak RSS (VmHWM) | \(rss) | < 256 MiB |
| every document stored exactly once | \(storedOnce && exactlyOnce ? "yes" : "NO") | yes |
| every chain continuous (linked, no gaps) | \(continuous ? "yes" : "NO") | yes |
| machine | \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(String(format: "%.1f", loadAverage())) at the end | — |
""")
if !(storedOnce && exactlyOnce && continuous) { exit(1) }

func loadAverage() -> Double {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) > 0 ? loads[0] : 0
}
