import Foundation
import Records
import RecordsSQLite
import StorageModel

/// A record store in a fresh temporary file.
public final class TemporaryStore: @unchecked Sendable {
    public let directory: String
    public let store: SQLiteRecordStore

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-records-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteRecordStore(path: directory + "/records.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// Records used by the store contract and the report tests.
public enum Fixtures {
    public static func asset(_ id: String, category: String? = "Laptop", customer: String? = "Acme Corp", weight: Double? = nil) -> AssetRecord {
        AssetRecord(assetID: id, serial: "SN-\(id)", manufacturer: "Dell", model: "Latitude 5430", category: category,
                    customer: customer, weightKg: weight, inRegister: true, createdAt: "2026-01-02T09:00:00Z")
    }

    public static func certificate(_ id: String, asset: String, serial: String?, result: WipeResult, ended: String, sequence: UInt64) -> CertificateIndexEntry {
        CertificateIndexEntry(
            certificateID: id, sha256: String(repeating: String(sequence % 10), count: 64), station: "DEPOT-1", sequence: sequence,
            assetID: asset, deviceKey: "serial:M/\(serial ?? id)", deviceSerial: serial, deviceModel: "SSD 860", deviceVendor: "Samsung",
            capacityBytes: 500_107_862_016, mediaType: .ssd, level: .clear, method: .overwrite, scheme: nil, passes: 1,
            verificationMode: .full, verificationCoverage: 1, result: result, startedAt: ended.replacingOccurrences(of: "T1", with: "T0"),
            endedAt: ended, issuedAt: ended, operatorID: "tech-07", customer: nil, path: "/ledger/\(id).json")
    }

    /// A certificate of one NVMe namespace of controller `serial`, whose other namespaces are
    /// `others` and whose capacity outside namespaces is `unallocated` (nil: unknown).
    public static func namespaceCertificate(_ id: String, asset: String, serial: String, nsid: UInt32, others: [UInt32], unallocated: UInt64? = 0,
                                            result: WipeResult = .passed, ended: String, sequence: UInt64) -> CertificateIndexEntry {
        var c = certificate(id, asset: asset, serial: serial, result: result, ended: ended, sequence: sequence)
        c.deviceKey = "serial:M/\(serial)/nsid:\(nsid)"
        c.mediaType = .nvme
        c.scopeWholeDevice = others.isEmpty && unallocated == 0
        c.controllerKey = "nvme:M/\(serial)"
        c.namespaceID = nsid
        c.otherNamespaceIDs = others
        c.unallocatedBytes = unallocated
        return c
    }

    public static func disposal(_ id: String, asset: String, route: DisposalRoute, kg: Double, source: WeightSource, ewc: String?,
                         on date: String, waste: WasteStatus? = nil) -> DisposalIndexEntry {
        let status = waste ?? route.defaultWasteStatus
        return DisposalIndexEntry(
            recordID: id, sha256: String(repeating: "d", count: 64), assetID: asset, route: route, wasteStatus: status,
            recipient: "Recycler BV", recipientCertification: .weeelabex, certificationID: "WX-1", weightKg: kg, weightSource: source,
            weeeCategory: 2, ewcCode: status == .waste ? ewc : nil, hazardous: status == .waste && (ewc?.hasSuffix("*") ?? false),
            disposedOn: date, transferNote: "WTN-\(id)", overrideReason: nil, mediaDestroyedReference: nil,
            issuedAt: date + "T15:00:00Z", path: "/ledger/\(id).json")
    }

    /// The hand-computed CSRD fixture (see ReportTests): 8 waste records (14.012 kg), 2 assets
    /// reused outside waste (3.01 kg; one of them with two records), 1 outside the period, two stations.
    public static let csrdDisposals: [DisposalIndexEntry] = [
        disposal("STATION-A-000001", asset: "A1", route: .recycling, kg: 1.5, source: .measured, ewc: "16 02 14", on: "2026-01-05"),
        disposal("STATION-A-000002", asset: "A2", route: .recycling, kg: 6.0, source: .categoryDefault, ewc: "16 02 13*", on: "2026-01-06"),
        disposal("STATION-A-000003", asset: "A3", route: .preparationForReuse, kg: 2.0, source: .register, ewc: "16 02 14", on: "2026-01-07"),
        disposal("STATION-A-000004", asset: "A4", route: .otherRecovery, kg: 0.5, source: .measured, ewc: "16 02 16", on: "2026-01-08"),
        disposal("STATION-A-000005", asset: "A5", route: .incineration, kg: 0.25, source: .measured, ewc: "16 02 15*", on: "2026-01-09"),
        disposal("STATION-B-000006", asset: "A6", route: .landfill, kg: 3.0, source: .measured, ewc: "16 02 14", on: "2026-01-10"),
        disposal("STATION-B-000007", asset: "A7", route: .otherDisposal, kg: 0.75, source: .register, ewc: "16 02 14", on: "2026-01-11"),
        disposal("STATION-A-000008", asset: "A8", route: .resale, kg: 1.65, source: .register, ewc: nil, on: "2026-01-12"),
        disposal("STATION-A-000009", asset: "A9", route: .donation, kg: 1.36, source: .measured, ewc: nil, on: "2026-01-13"),
        // A8 donated after its resale: reused outside waste counts the asset once (by this record).
        disposal("STATION-B-000011", asset: "A8", route: .donation, kg: 1.65, source: .register, ewc: nil, on: "2026-01-14"),
        // A USB stick: 12 g, which tonnes with three decimals would print as 0.
        disposal("STATION-B-000012", asset: "A11", route: .recycling, kg: 0.012, source: .measured, ewc: "16 02 16", on: "2026-01-15"),
        disposal("STATION-A-000010", asset: "A10", route: .recycling, kg: 100, source: .measured, ewc: "16 02 14", on: "2025-12-31"),
    ]
}
