// Records benchmark helper. `csv N FILE`: writes an asset register of N rows.
// `index N HOME`: adds a wipe certificate for each of the N assets and a disposal record for
// every second one to the record store in HOME (synthetic index entries, one transaction), so
// the report commands can be timed over N assets. The timing itself is done by
// Benchmarks/run-records-benchmark around the real `expunge` commands.
import Foundation
import Records
import RecordsSQLite
import StorageModel

let args = CommandLine.arguments
guard args.count == 4, let n = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: expunge-records-bench csv|index N PATH\n".utf8))
    exit(64)
}
switch args[1] {
case "csv":
    var text = "asset_id,serial,manufacturer,model,category,customer,weight_kg\n"
    text.reserveCapacity(n * 70)
    for i in 0..<n {
        text += "AST-\(i),SN\(i),Dell,Latitude 5430,\(i % 5 == 0 ? "Monitor" : "Laptop"),Customer \(i % 20),\(i % 3 == 0 ? "" : "1.\(i % 9)")\n"
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: args[3]))
case "index":
    let store = try SQLiteRecordStore(path: args[3] + "/records.sqlite")
    var certificates: [CertificateIndexEntry] = []
    var disposals: [DisposalIndexEntry] = []
    let routes: [DisposalRoute] = [.resale, .recycling, .preparationForReuse, .landfill, .donation, .otherRecovery]
    for i in 0..<n {
        let day = String(format: "2026-%02d-%02d", i % 12 + 1, i % 28 + 1)
        certificates.append(CertificateIndexEntry(
            certificateID: "BENCH-\(String(format: "%06d", 2 * i + 1))", sha256: String(repeating: "a", count: 64), station: "BENCH",
            sequence: UInt64(2 * i + 1), assetID: "AST-\(i)", deviceKey: "serial:M/D\(i)", deviceSerial: "D\(i)", deviceModel: "SSD",
            deviceVendor: "ACME", capacityBytes: 512_110_190_592, mediaType: .ssd, level: .clear, method: .overwrite, scheme: nil,
            passes: 1, verificationMode: .full, verificationCoverage: 1, result: i % 50 == 0 ? .failed : .passed,
            startedAt: day + "T09:00:00Z", endedAt: day + "T10:00:00Z", issuedAt: day + "T10:00:01Z", operatorID: "op-\(i % 7)",
            customer: nil, path: "/ledger/BENCH-\(2 * i + 1).json"))
        if i % 2 == 0 {
            let route = routes[(i / 2) % routes.count]
            let waste = route.defaultWasteStatus
            disposals.append(DisposalIndexEntry(
                recordID: "BENCH-\(String(format: "%06d", 2 * i + 2))", sha256: String(repeating: "b", count: 64), assetID: "AST-\(i)",
                route: route, wasteStatus: waste, recipient: "Recycler \(i % 4)", recipientCertification: .r2v3, certificationID: "R2",
                weightKg: 1.5, weightSource: i % 4 == 0 ? .measured : .categoryDefault, weeeCategory: 2,
                ewcCode: waste == .waste ? (i % 10 == 0 ? "16 02 13*" : "16 02 14") : nil, hazardous: waste == .waste && i % 10 == 0,
                disposedOn: day, transferNote: nil, overrideReason: nil, mediaDestroyedReference: nil, issuedAt: day + "T12:00:00Z",
                path: "/ledger/BENCH-\(2 * i + 2).json"))
        }
    }
    try await store.replaceIndex(certificates: certificates, disposals: disposals, assets: [])
default:
    exit(64)
}
