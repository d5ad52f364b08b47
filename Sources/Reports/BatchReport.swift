import Evidence
import Foundation
import Records
import StorageModel

/// The per-session summary: one line per wipe attempt that ended in the period (every drive
/// wiped, whatever its result), optionally one station's, with totals. Each line comes from the
/// signed certificate file the record index names, verified first; a report is refused while
/// any of them does not verify or is not the file indexed.
public struct BatchReport: Sendable, Encodable {
    public struct Row: Sendable, Hashable, Encodable {
        public var certificateID: String
        public var station: String
        public var sequence: UInt64
        public var assetID: String
        @NullCoded public var customer: String?
        @NullCoded public var deviceModel: String?
        @NullCoded public var deviceSerial: String?
        public var capacityBytes: UInt64
        public var transport: String
        public var mediaType: String
        public var level: String
        public var method: String
        public var passes: Int
        public var verification: String
        public var verificationCoverage: Double
        public var wholeDevice: Bool
        public var result: String
        public var reasons: [String]
        public var startedAt: String
        public var endedAt: String
        public var durationSeconds: Double
        @NullCoded public var operatorID: String?
        public var certificateSHA256: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case certificateID = "certificate_id", station, sequence, assetID = "asset_id", customer, deviceModel = "device_model"
            case deviceSerial = "device_serial", capacityBytes = "capacity_bytes", transport, mediaType = "media_type", level, method, passes
            case verification, verificationCoverage = "verification_coverage", wholeDevice = "whole_device", result, reasons
            case startedAt = "started_at", endedAt = "ended_at", durationSeconds = "duration_seconds", operatorID = "operator_id"
            case certificateSHA256 = "certificate_sha256"
        }

        public init(_ c: WipeCertificate, sha256: String) {
            certificateID = c.certificateID
            station = c.station.name
            sequence = c.sequence
            assetID = c.assetID
            customer = c.customer
            deviceModel = c.device.model
            deviceSerial = c.device.serial
            capacityBytes = c.device.capacity.bytes
            transport = c.device.transport.rawValue
            mediaType = c.device.mediaType.rawValue
            level = c.sanitization.level.rawValue
            method = c.sanitization.method.rawValue
            passes = c.sanitization.passes.count
            verification = c.verification.mode.rawValue
            verificationCoverage = c.verification.coverage
            wholeDevice = c.scope?.wholeDevice ?? (c.device.transport != .nvme)
            result = c.result.rawValue
            reasons = c.reasons.map(\.rawValue)
            startedAt = c.startedAt
            endedAt = c.endedAt
            durationSeconds = c.durationSeconds
            operatorID = c.operatorID
            certificateSHA256 = sha256
        }

        var cells: [String] {
            [certificateID, station, String(sequence), assetID, customer ?? "", deviceModel ?? "", deviceSerial ?? "", String(capacityBytes),
             transport, mediaType, level, method, String(passes), verification, String(format: "%.6f", verificationCoverage),
             wholeDevice ? "true" : "false", result, reasons.joined(separator: " "), startedAt, endedAt, String(format: "%.3f", durationSeconds),
             operatorID ?? "", certificateSHA256]
        }
    }

    public struct Totals: Sendable, Hashable, Encodable {
        /// Attempts (lines), and the distinct media they were made on (by model and serial; a
        /// medium without a serial number, such as a loop device, counts once per attempt).
        public var attempts: Int
        public var devices: Int
        public var assets: Int
        /// Attempts per result (every result present, zero included).
        public var byResult: [String: Int]
        /// Capacity of the media whose attempt passed, in bytes.
        public var passedBytes: UInt64
        public var durationSeconds: Double

        enum CodingKeys: String, CodingKey {
            case attempts, devices, assets, byResult = "by_result", passedBytes = "passed_bytes", durationSeconds = "duration_seconds"
        }
    }

    public var schemaVersion = 1
    public var report = "batch"
    public var period: ReportPeriod
    @NullCoded public var station: String?
    public var generatedAt: String
    public var rows: [Row]
    public var totals: Totals

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", report, period, station, generatedAt = "generated_at", rows, totals
    }

    public init(period: ReportPeriod, station: String?, generatedAt: String, rows: [Row]) {
        self.period = period
        self.station = station
        self.generatedAt = generatedAt
        self.rows = rows.sorted { ($0.endedAt, $0.station, $0.sequence) < ($1.endedAt, $1.station, $1.sequence) }
        var byResult = Dictionary(uniqueKeysWithValues: WipeResult.allCases.map { ($0.rawValue, 0) })
        for r in rows { byResult[r.result, default: 0] += 1 }
        totals = Totals(attempts: rows.count,
                        devices: Set(rows.map { "\($0.deviceModel ?? "")/\($0.deviceSerial ?? $0.certificateID)" }).count,
                        assets: Set(rows.map(\.assetID)).count, byResult: byResult,
                        passedBytes: rows.filter { $0.result == "passed" }.map(\.capacityBytes).reduce(0, +),
                        durationSeconds: rows.map(\.durationSeconds).reduce(0, +))
    }

    /// Every certificate of an attempt that ended in the period (of `station`, when given), read
    /// from its signed file and verified.
    public static func build(store: any RecordStore, period: ReportPeriod, station: String?, verifier: DocumentVerifier,
                             generatedAt: String) async throws -> BatchReport {
        let entries = try await store.certificates(endedFrom: period.from, to: period.to).filter { station == nil || $0.station == station }
        var rows: [Row] = []
        for e in entries {
            let verdict = verifier.verifyDocument(at: e.path)
            let shown = DisplayString.sanitize(e.path) ?? "?"
            guard verdict.isValid else {
                throw ExpungeError(.badInput, code: "document-not-verified", "\(shown) does not verify: \(verdict.problems.joined(separator: "; "))",
                                   remedy: "run `expunge verify` on the ledger; a batch report lists only certificates that verify")
            }
            guard verdict.sha256 == e.sha256, case .success(let bytes) = BoundedFile.read(e.path, limit: DocumentLimits.maxDocumentBytes),
                  SHA256Digest.hex(bytes) == e.sha256,
                  let c = try? JSONDecoder().decode(WipeCertificate.self, from: Data(bytes)) else {
                throw ExpungeError(.badInput, code: "index-mismatch", "\(shown) is not the file the record index holds",
                                   remedy: "run `expunge verify` on the ledger, then `expunge records rebuild`")
            }
            rows.append(Row(c, sha256: e.sha256))
        }
        return BatchReport(period: period, station: station, generatedAt: generatedAt, rows: rows)
    }

    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .json: return try Render.json(self)
        case .csv: return CSVTable.document(header: Row.CodingKeys.allCases.map(\.rawValue), rows: rows.map(\.cells))
        case .html:
            var body = "<table><tr>" + ["Certificate", "Asset", "Device", "Level / method", "Verification", "Result", "Ended", "Duration"]
                .map { "<th>\($0)</th>" }.joined() + "</tr>\n"
            for r in rows {
                let device = [r.deviceModel, r.deviceSerial.map { "S/N \($0)" }].compactMap { $0 }.joined(separator: " · ")
                body += "<tr><td><code>\(Render.html(r.certificateID))</code></td><td>\(Render.html(r.assetID))</td><td>\(Render.html(device))</td>"
                body += "<td>\(Render.html("\(r.level) / \(r.method)"))</td><td>\(Render.html("\(r.verification) \(Render.number(r.verificationCoverage * 100, decimals: 1)) %"))</td>"
                body += "<td class=\"\(r.result == "passed" ? "pass" : "fail")\">\(Render.html(r.result))</td><td>\(Render.html(r.endedAt))</td>"
                body += "<td class=\"num\">\(Render.number(r.durationSeconds, decimals: 1)) s</td></tr>\n"
            }
            body += "</table><p>\(Render.html(summary))</p>"
            return Render.page(title: "Batch report", subtitle: subtitle, body: body)
        }
    }

    /// "Period … · station … · generated …".
    public var subtitle: String {
        "Period \(period.from) to \(period.to)" + (station.map { " · station \($0)" } ?? " · all stations") + " · generated \(generatedAt)"
    }

    /// The totals in one sentence.
    public var summary: String {
        let results = WipeResult.allCases.map { "\(totals.byResult[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        return "\(totals.attempts) attempt\(totals.attempts == 1 ? "" : "s") on \(totals.devices) device\(totals.devices == 1 ? "" : "s") "
            + "of \(totals.assets) asset\(totals.assets == 1 ? "" : "s"): \(results). Capacity of the media that passed: "
            + "\(ByteCount(totals.passedBytes).decimalDescription); time wiping: \(Render.number(totals.durationSeconds / 60, decimals: 1)) min."
    }
}
