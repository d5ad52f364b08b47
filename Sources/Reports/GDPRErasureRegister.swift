import Foundation
import Records
import StorageModel

/// The GDPR erasure register (Art. 5(2), 17, 28(3)(g), 30): per asset and storage device, every
/// wipe attempt with its method, verification, result and certificate, and where the asset went.
/// It holds no personal data of device users: assets, devices, pseudonymous operator IDs.
public struct GDPRErasureRegister: Sendable, Encodable {
    public struct Row: Sendable, Hashable, Encodable {
        public var assetID: String
        @NullCoded public var customer: String?
        @NullCoded public var deviceSerial: String?
        @NullCoded public var deviceModel: String?
        public var capacityBytes: UInt64
        public var mediaType: String
        public var level: String
        public var method: String
        public var verification: String
        public var verificationCoverage: Double
        public var result: String
        public var certificateID: String
        public var certificateSHA256: String
        public var startedAt: String
        public var endedAt: String
        @NullCoded public var operatorID: String?
        @NullCoded public var disposalRoute: String?
        @NullCoded public var recipient: String?
        @NullCoded public var disposedOn: String?

        enum CodingKeys: String, CodingKey {
            case assetID = "asset_id", customer, deviceSerial = "device_serial", deviceModel = "device_model"
            case capacityBytes = "capacity_bytes", mediaType = "media_type", level, method, verification
            case verificationCoverage = "verification_coverage", result, certificateID = "certificate_id"
            case certificateSHA256 = "certificate_sha256", startedAt = "started_at", endedAt = "ended_at"
            case operatorID = "operator_id", disposalRoute = "disposal_route", recipient, disposedOn = "disposed_on"
        }

        static let header = CodingKeys.allCasesInOrder.map(\.rawValue)

        var cells: [String] {
            [assetID, customer ?? "", deviceSerial ?? "", deviceModel ?? "", String(capacityBytes), mediaType, level, method,
             verification, String(format: "%.6f", verificationCoverage), result, certificateID, certificateSHA256, startedAt, endedAt,
             operatorID ?? "", disposalRoute ?? "", recipient ?? "", disposedOn ?? ""]
        }
    }

    public var schemaVersion = 1
    public var report = "gdpr-erasure-register"
    public var period: ReportPeriod
    public var generatedAt: String
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", report, period, generatedAt = "generated_at", rows
    }

    /// Every certificate of attempts that ended in the period, with the asset's latest disposal.
    public static func build(store: any RecordStore, period: ReportPeriod, generatedAt: String) throws -> GDPRErasureRegister {
        let certificates = try store.certificates(endedFrom: period.from, to: period.to)
        let disposals = try store.latestDisposals(assetIDs: Set(certificates.map(\.assetID)))
        var customers: [String: String?] = [:]
        let rows = try certificates.map { c -> Row in
            if customers[c.assetID] == nil { customers[c.assetID] = .some(try store.asset(c.assetID)?.customer ?? c.customer) }
            let d = disposals[c.assetID]
            return Row(assetID: c.assetID, customer: customers[c.assetID] ?? nil, deviceSerial: c.deviceSerial, deviceModel: c.deviceModel,
                       capacityBytes: c.capacityBytes, mediaType: c.mediaType, level: c.level, method: c.method,
                       verification: c.verificationMode, verificationCoverage: c.verificationCoverage, result: c.result,
                       certificateID: c.certificateID, certificateSHA256: c.sha256, startedAt: c.startedAt, endedAt: c.endedAt,
                       operatorID: c.operatorID, disposalRoute: d?.route.rawValue, recipient: d?.recipient, disposedOn: d?.disposedOn)
        }
        return GDPRErasureRegister(period: period, generatedAt: generatedAt, rows: rows)
    }

    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .json: return try Render.json(self)
        case .csv: return CSVTable.document(header: Row.header, rows: rows.map(\.cells))
        case .html:
            let passed = rows.filter { $0.result == "passed" }.count
            var body = "<p>\(rows.count) wipe attempts on \(Set(rows.map(\.assetID)).count) assets; \(passed) passed, \(rows.count - passed) did not.</p>"
            body += "<table><tr>" + ["Asset", "Customer", "Device serial", "Model", "Level / method", "Verification", "Result", "Certificate", "Ended", "Operator", "Disposal"]
                .map { "<th>\($0)</th>" }.joined() + "</tr>\n"
            for r in rows {
                let disposal = r.disposalRoute.map { "\($0) → \(r.recipient ?? "") (\(r.disposedOn ?? ""))" } ?? ""
                let cells = [r.assetID, r.customer ?? "", r.deviceSerial ?? "unknown", r.deviceModel ?? "", "\(r.level) / \(r.method)",
                             "\(r.verification) \(Render.number(r.verificationCoverage * 100, decimals: 1)) %"]
                body += "<tr>" + cells.map { "<td>\(Render.html($0))</td>" }.joined()
                body += "<td class=\"\(r.result == "passed" ? "pass" : "fail")\">\(Render.html(r.result))</td>"
                body += "<td><code>\(Render.html(r.certificateID))</code></td><td>\(Render.html(r.endedAt))</td>"
                body += "<td>\(Render.html(r.operatorID ?? ""))</td><td>\(Render.html(disposal))</td></tr>\n"
            }
            body += "</table><p>Certificates are verifiable offline: <code>expunge verify</code> or <code>openssl cms -verify</code> (see the auditor guide).</p>"
            return Render.page(title: "GDPR erasure register", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)", body: body)
        }
    }
}

extension GDPRErasureRegister.Row.CodingKeys {
    static let allCasesInOrder: [Self] = [
        .assetID, .customer, .deviceSerial, .deviceModel, .capacityBytes, .mediaType, .level, .method, .verification,
        .verificationCoverage, .result, .certificateID, .certificateSHA256, .startedAt, .endedAt, .operatorID, .disposalRoute,
        .recipient, .disposedOn,
    ]
}
