import Foundation
import Records
import StorageModel

/// The GDPR erasure register (Art. 5(2), 17, 28(3)(g), 30): per asset and storage device, every
/// wipe attempt with its method, verification, result and certificate, and where the asset went.
/// It holds no personal data of device users: assets, devices, pseudonymous operator IDs.
public enum GDPRErasureRegister {
    public struct Row: Sendable, Hashable, Encodable {
        public var assetID: String
        @NullCoded public var customer: String?
        @NullCoded public var deviceSerial: String?
        @NullCoded public var deviceModel: String?
        /// NVMe: the namespace (namespaces of one controller share its serial, and are distinct devices).
        @NullCoded public var deviceNamespace: UInt32?
        public var capacityBytes: UInt64
        public var mediaType: MediaType
        public var level: SanitizationLevel
        public var method: SanitizationMethod
        /// false: the attempt covered part of the drive only (one NVMe namespace of several, or
        /// with unallocated capacity): not by itself evidence that the drive was erased.
        public var wholeDevice: Bool
        public var verification: VerificationMode
        public var verificationCoverage: Double
        public var result: WipeResult
        public var certificateID: String
        public var certificateSHA256: String
        public var startedAt: String
        public var endedAt: String
        @NullCoded public var operatorID: String?
        @NullCoded public var disposalRoute: DisposalRoute?
        @NullCoded public var recipient: String?
        @NullCoded public var disposedOn: String?

        enum CodingKeys: String, CodingKey {
            case assetID = "asset_id", customer, deviceSerial = "device_serial", deviceModel = "device_model"
            case deviceNamespace = "device_namespace", wholeDevice = "whole_device"
            case capacityBytes = "capacity_bytes", mediaType = "media_type", level, method, verification
            case verificationCoverage = "verification_coverage", result, certificateID = "certificate_id"
            case certificateSHA256 = "certificate_sha256", startedAt = "started_at", endedAt = "ended_at"
            case operatorID = "operator_id", disposalRoute = "disposal_route", recipient, disposedOn = "disposed_on"
        }

        static let header = CodingKeys.allCasesInOrder.map(\.rawValue)

        var cells: [String] {
            [assetID, customer ?? "", deviceSerial ?? "", deviceModel ?? "", deviceNamespace.map(String.init) ?? "", String(capacityBytes),
             mediaType.rawValue, level.rawValue, method.rawValue, wholeDevice ? "true" : "false", verification.rawValue,
             String(format: "%.6f", verificationCoverage), result.rawValue, certificateID, certificateSHA256, startedAt, endedAt,
             operatorID ?? "", disposalRoute?.rawValue ?? "", recipient ?? "", disposedOn ?? ""]
        }
    }

    /// Streams the register: every certificate of attempts that ended in the period, with the
    /// asset's latest disposal, optionally one customer's. Constant memory.
    public static func forEachRow(store: any RecordStore, period: ReportPeriod, customer: String? = nil,
                                  _ body: (Row) throws -> Void) async throws {
        try await store.forEachErasureEntry(endedFrom: period.from, to: period.to) { c, owner, d in
            if let customer, owner != customer { return }
            try body(Row(assetID: c.assetID, customer: owner, deviceSerial: c.deviceSerial, deviceModel: c.deviceModel,
                         deviceNamespace: c.namespaceID, capacityBytes: c.capacityBytes, mediaType: c.mediaType, level: c.level,
                         method: c.method, wholeDevice: c.scopeWholeDevice,
                         verification: c.verificationMode, verificationCoverage: c.verificationCoverage, result: c.result,
                         certificateID: c.certificateID, certificateSHA256: c.sha256, startedAt: c.startedAt, endedAt: c.endedAt,
                         operatorID: c.operatorID, disposalRoute: d?.route, recipient: d?.recipient, disposedOn: d?.disposedOn))
        }
    }

    /// Writes the register in `format` through `sink`, row by row.
    public static func write(store: any RecordStore, period: ReportPeriod, generatedAt: String, format: ReportFormat,
                             customer: String? = nil, to sink: (String) throws -> Void) async throws {
        switch format {
        case .csv:
            try sink(CSVTable.line(Row.header) + "\r\n")
            try await forEachRow(store: store, period: period, customer: customer) { try sink(CSVTable.line($0.cells) + "\r\n") }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let periodJSON = String(decoding: try encoder.encode(period), as: UTF8.self)
            try sink("{\"generated_at\":\"\(generatedAt)\",\"period\":\(periodJSON),\"report\":\"gdpr-erasure-register\",\"rows\":[\n")
            var first = true
            try await forEachRow(store: store, period: period, customer: customer) { row in
                try sink((first ? "" : ",\n") + String(decoding: try encoder.encode(row), as: UTF8.self))
                first = false
            }
            try sink("\n],\"schema_version\":1}\n")
        case .html:
            let (head, tail) = Render.pageParts(title: "GDPR erasure register", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)")
            try sink(head)
            try sink("<table><tr>" + ["Asset", "Customer", "Device serial", "Model", "Level / method", "Verification", "Result", "Certificate", "Ended", "Operator", "Disposal"]
                .map { "<th>\($0)</th>" }.joined() + "</tr>\n")
            var attempts = 0, passed = 0
            var assets = Set<String>()
            try await forEachRow(store: store, period: period, customer: customer) { r in
                attempts += 1
                if r.result == .passed { passed += 1 }
                assets.insert(r.assetID)
                let disposal = r.disposalRoute.map { "\($0.rawValue) → \(r.recipient ?? "") (\(r.disposedOn ?? ""))" } ?? ""
                let serial = (r.deviceSerial ?? "unknown") + (r.deviceNamespace.map { " · namespace \($0)" } ?? "")
                let cells = [r.assetID, r.customer ?? "", serial, r.deviceModel ?? "",
                             "\(r.level.rawValue) / \(r.method.rawValue)" + (r.wholeDevice ? "" : " (part of the drive only)"),
                             "\(r.verification.rawValue) \(Render.number(r.verificationCoverage * 100, decimals: 1)) %"]
                var line = "<tr>" + cells.map { "<td>\(Render.html($0))</td>" }.joined()
                line += "<td class=\"\(r.result == .passed ? "pass" : "fail")\">\(Render.html(r.result.rawValue))</td>"
                line += "<td><code>\(Render.html(r.certificateID))</code></td><td>\(Render.html(r.endedAt))</td>"
                line += "<td>\(Render.html(r.operatorID ?? ""))</td><td>\(Render.html(disposal))</td></tr>\n"
                try sink(line)
            }
            try sink("</table><p>\(attempts) wipe attempts on \(assets.count) assets; \(passed) passed, \(attempts - passed) did not.</p>")
            try sink("<p>Certificates are verifiable offline: <code>expunge verify</code> or <code>openssl cms -verify</code> (see the auditor guide).</p>")
            try sink(tail)
        }
    }

    /// The whole register as one string (small periods, tests).
    public static func render(store: any RecordStore, period: ReportPeriod, generatedAt: String, format: ReportFormat,
                              customer: String? = nil) async throws -> String {
        var out = ""
        try await write(store: store, period: period, generatedAt: generatedAt, format: format, customer: customer) { out += $0 }
        return out
    }
}

extension GDPRErasureRegister.Row.CodingKeys {
    static let allCasesInOrder: [Self] = [
        .assetID, .customer, .deviceSerial, .deviceModel, .deviceNamespace, .capacityBytes, .mediaType, .level, .method, .wholeDevice, .verification,
        .verificationCoverage, .result, .certificateID, .certificateSHA256, .startedAt, .endedAt, .operatorID, .disposalRoute,
        .recipient, .disposedOn,
    ]
}
