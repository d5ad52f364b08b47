// Depot store benchmark helper, driven by Benchmarks/run-depot-store-benchmark (which measures
// each step's peak RSS around this process with /usr/bin/time):
//   populate sqlite|postgres LOCATION N   index N wipe certificates (N assets, a disposal record
//                                         for every second one) through `replaceIndex`
//   report sqlite|postgres LOCATION FROM TO   the GDPR erasure register (CSV) of the period,
//                                         streamed; the output is counted, not kept
//   drop postgres LOCATION                remove the benchmark's schema
// LOCATION: the SQLite file, or the PostgreSQL schema (letters, digits, _) on the server the PG*
// variables name. Prints one JSON line of what it did and its own seconds.
import Foundation
import PostgresNIO
import Records
import RecordsPostgres
import RecordsSQLite
import Reports
import StorageModel

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("expunge-depot-store-bench: \(message)\n".utf8))
    exit(64)
}

let args = CommandLine.arguments
guard args.count >= 4, ["sqlite", "postgres"].contains(args[2]) else {
    fail("usage: populate|report|drop sqlite|postgres LOCATION [N | FROM TO]")
}
let (command, backend, location) = (args[1], args[2], args[3])
if backend == "postgres", location.isEmpty || !location.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
    fail("a PostgreSQL schema name is letters, digits and _")
}

/// The day `i` of 2026 (0…363), as YYYY-MM-DD.
func day(_ i: Int) -> String {
    let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var d = i % 364, month = 0
    while d >= lengths[month] { d -= lengths[month]; month += 1 }
    return String(format: "2026-%02d-%02d", month + 1, d + 1)
}

func fixtures(_ n: Int) -> ([CertificateIndexEntry], [DisposalIndexEntry], [AssetRecord]) {
    var certificates: [CertificateIndexEntry] = [], disposals: [DisposalIndexEntry] = [], assets: [AssetRecord] = []
    certificates.reserveCapacity(n)
    let routes: [DisposalRoute] = [.resale, .recycling, .preparationForReuse, .landfill, .donation, .otherRecovery]
    for i in 0..<n {
        let date = day(i)
        assets.append(AssetRecord(assetID: "AST-\(String(format: "%07d", i))", serial: "SN\(i)", manufacturer: "Dell", model: "Latitude 5430",
                                  category: "Laptop", customer: "Customer \(i % 20)", weightKg: 1.4, inRegister: true, createdAt: "2026-01-01T00:00:00Z"))
        certificates.append(CertificateIndexEntry(
            certificateID: "BENCH-\(String(format: "%07d", 2 * i + 1))", sha256: String(repeating: "a", count: 64), station: "BENCH",
            sequence: UInt64(2 * i + 1), assetID: "AST-\(String(format: "%07d", i))", deviceKey: "serial:SSD/D\(i)", deviceSerial: "D\(i)",
            deviceModel: "SSD", deviceVendor: "ACME", capacityBytes: 512_110_190_592, mediaType: .ssd, level: .clear, method: .overwrite,
            scheme: nil, passes: 1, verificationMode: .full, verificationCoverage: 1, result: i % 50 == 0 ? .failed : .passed,
            startedAt: date + "T09:00:00Z", endedAt: date + "T10:00:00Z", issuedAt: date + "T10:00:01Z", operatorID: "op-\(i % 7)",
            customer: nil, path: "/ledger/BENCH-\(2 * i + 1).json"))
        if i % 2 == 0 {
            let route = routes[(i / 2) % routes.count]
            let waste = route.defaultWasteStatus
            disposals.append(DisposalIndexEntry(
                recordID: "BENCH-\(String(format: "%07d", 2 * i + 2))", sha256: String(repeating: "b", count: 64),
                assetID: "AST-\(String(format: "%07d", i))", route: route, wasteStatus: waste, recipient: "Recycler \(i % 4)",
                recipientCertification: .r2v3, certificationID: "R2", weightKg: 1.5, weightSource: i % 4 == 0 ? .measured : .categoryDefault,
                weeeCategory: 2, ewcCode: waste == .waste ? "16 02 14" : nil, hazardous: false, disposedOn: date, transferNote: nil,
                overrideReason: nil, mediaDestroyedReference: nil, issuedAt: date + "T12:00:00Z", path: "/ledger/BENCH-\(2 * i + 2).json"))
        }
    }
    return (certificates, disposals, assets)
}

/// The GDPR register of the period to a counting sink, in 64 KiB chunks as a file would get them.
func report(_ store: any RecordStore, from: String, to: String) async throws -> (rows: Int, bytes: Int) {
    var bytes = 0, rows = -1  // the header line is not a row
    var buffer = ""
    try await GDPRErasureRegister.write(store: store, period: try ReportPeriod(from: from, to: to), generatedAt: "2027-01-01T00:00:00Z",
                                        format: .csv) { text in
        rows += 1
        buffer += text
        if buffer.utf8.count >= 65_536 { bytes += buffer.utf8.count; buffer.removeAll(keepingCapacity: true) }
    }
    return (rows, bytes + buffer.utf8.count)
}

nonisolated(nonsending) func withStore<T: Sendable>(_ body: (any RecordStore) async throws -> T) async throws -> T {
    if backend == "sqlite" { return try await body(try SQLiteRecordStore(path: location)) }
    var settings = try PostgresSettings()
    settings.searchPath = location
    return try await withPostgresStore(settings) { try await body($0) }
}

func postgresAdmin(_ sql: String) async throws {
    try await withPostgresStore(try PostgresSettings(), migrate: false) { store in
        for try await _ in try await store.client.query(PostgresQuery(unsafeSQL: sql)) {}
    }
}

let clock = ContinuousClock()
do {
    switch command {
    case "populate":
        guard args.count == 5, let n = Int(args[4]) else { fail("populate BACKEND LOCATION N") }
        let (certificates, disposals, assets) = fixtures(n)
        if backend == "postgres" { try await postgresAdmin("CREATE SCHEMA IF NOT EXISTS \(location)") }
        let elapsed = try await clock.measure {
            try await withStore { try await $0.replaceIndex(certificates: certificates, disposals: disposals, assets: assets) }
        }
        print("{\"step\":\"populate\",\"backend\":\"\(backend)\",\"certificates\":\(n),\"disposals\":\(disposals.count),\"seconds\":\(elapsed.seconds)}")
    case "report":
        guard args.count == 6 else { fail("report BACKEND LOCATION FROM TO") }
        var result = (rows: 0, bytes: 0)
        let elapsed = try await clock.measure { result = try await withStore { try await report($0, from: args[4], to: args[5]) } }
        print("{\"step\":\"report\",\"backend\":\"\(backend)\",\"rows\":\(result.rows),\"bytes\":\(result.bytes),\"seconds\":\(elapsed.seconds)}")
    case "drop":
        guard backend == "postgres" else { fail("drop is for a PostgreSQL schema") }
        try await postgresAdmin("DROP SCHEMA IF EXISTS \(location) CASCADE")
    default:
        fail("unknown step \(command)")
    }
} catch {
    FileHandle.standardError.write(Data("expunge-depot-store-bench: \(error)\n".utf8))
    exit(1)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
