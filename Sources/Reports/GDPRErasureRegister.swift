import Foundation
import Records
import StorageModel

/// The GDPR erasure register (Art. 5(2), 17, 28(3)(g), 30): per asset and storage device, every
/// wipe attempt with its method, verification, result and certificate, and where the asset went.
/// It holds no personal data of device users: assets, devices, pseudonymous operator IDs.
public enum GDPRErasureRegister {
    /// What a row needs a compliance officer to look at.
    public enum Flag: String, Sendable, Hashable, Encodable, CaseIterable {
        /// Released on an override reason (signed into the disposal record) instead of passed certificates.
        case releasedOnOverride = "released-on-override"
        /// The storage media were destroyed (certificate of destruction referenced).
        case mediaDestroyed = "media-destroyed"
        /// This is the device's latest attempt in the period and it did not pass.
        case latestAttemptFailed = "latest-attempt-failed"
        case latestAttemptUnverified = "latest-attempt-unverified"
        case latestAttemptAborted = "latest-attempt-aborted"
        case latestAttemptInterrupted = "latest-attempt-interrupted"
        /// The asset left in the period; its attempts (shown) ended before it.
        case noAttemptInPeriod = "no-attempt-in-period"
        /// The asset left in the period with no wipe certificate at all.
        case noCertificate = "no-certificate"

        static func latest(_ result: WipeResult) -> Flag? {
            switch result {
            case .passed: nil
            case .failed: .latestAttemptFailed
            case .unverified: .latestAttemptUnverified
            case .aborted: .latestAttemptAborted
            case .interrupted: .latestAttemptInterrupted
            }
        }
    }

    public struct Row: Sendable, Hashable, Encodable {
        public var assetID: String
        /// The data controller: the asset's customer identifier.
        @NullCoded public var customer: String?
        /// Its legal name in the customer register (nil when the register has no such customer).
        @NullCoded public var customerName: String?
        /// The station that signed the certificate (the disposal record's, for an asset without one).
        public var station: String
        @NullCoded public var deviceSerial: String?
        @NullCoded public var deviceModel: String?
        /// NVMe: the namespace (namespaces of one controller share its serial, and are distinct devices).
        @NullCoded public var deviceNamespace: UInt32?
        @NullCoded public var capacityBytes: UInt64?
        @NullCoded public var mediaType: MediaType?
        @NullCoded public var level: SanitizationLevel?
        @NullCoded public var method: SanitizationMethod?
        /// false: the attempt covered part of the drive only (one NVMe namespace of several, or
        /// with unallocated capacity): not by itself evidence that the drive was erased.
        @NullCoded public var wholeDevice: Bool?
        @NullCoded public var verification: VerificationMode?
        /// nil for an attempt that never completed (aborted, interrupted): printed "none".
        @NullCoded public var verificationCoverage: Double?
        @NullCoded public var result: WipeResult?
        @NullCoded public var certificateID: String?
        @NullCoded public var certificateSHA256: String?
        @NullCoded public var startedAt: String?
        @NullCoded public var endedAt: String?
        @NullCoded public var operatorID: String?
        @NullCoded public var disposalRecordID: String?
        @NullCoded public var disposalRoute: DisposalRoute?
        @NullCoded public var recipient: String?
        @NullCoded public var disposedOn: String?
        @NullCoded public var mediaDestroyedReference: String?
        /// The signed reason of a release on override.
        @NullCoded public var overrideReason: String?
        public var flags: [Flag]
        /// The device across attempts (not a column: orders and groups the rows).
        var deviceKey: String?

        enum CodingKeys: String, CodingKey {
            case assetID = "asset_id", customer, customerName = "customer_name", station, deviceSerial = "device_serial", deviceModel = "device_model"
            case deviceNamespace = "device_namespace", wholeDevice = "whole_device"
            case capacityBytes = "capacity_bytes", mediaType = "media_type", level, method, verification
            case verificationCoverage = "verification_coverage", result, certificateID = "certificate_id"
            case certificateSHA256 = "certificate_sha256", startedAt = "started_at", endedAt = "ended_at"
            case operatorID = "operator_id", disposalRecordID = "disposal_record_id", disposalRoute = "disposal_route", recipient
            case disposedOn = "disposed_on", mediaDestroyedReference = "media_destroyed_reference", overrideReason = "override_reason", flags
        }

        static let header = CodingKeys.allCasesInOrder.map(\.rawValue)

        /// The coverage as the CSV and HTML print it: "none" for an attempt that never completed.
        public var coverageText: String {
            verificationCoverage.map { String(format: "%.6f", $0) } ?? (result == nil ? "" : "none")
        }

        var cells: [String] {
            [assetID, customer ?? "", customerName ?? "", station, deviceSerial ?? "", deviceModel ?? "", deviceNamespace.map(String.init) ?? "", capacityBytes.map(String.init) ?? "",
             mediaType?.rawValue ?? "", level?.rawValue ?? "", method?.rawValue ?? "", wholeDevice.map { $0 ? "true" : "false" } ?? "",
             verification?.rawValue ?? "", coverageText, result?.rawValue ?? "", certificateID ?? "", certificateSHA256 ?? "", startedAt ?? "",
             endedAt ?? "", operatorID ?? "", disposalRecordID ?? "", disposalRoute?.rawValue ?? "", recipient ?? "", disposedOn ?? "",
             mediaDestroyedReference ?? "", overrideReason ?? "", flags.map(\.rawValue).joined(separator: " ")]
        }

        init(certificate c: CertificateIndexEntry, customer: String?, disposal d: DisposalIndexEntry?) {
            let completed = c.result != .aborted && c.result != .interrupted
            self.init(assetID: c.assetID, customer: customer, station: c.station, deviceSerial: c.deviceSerial, deviceModel: c.deviceModel,
                      deviceNamespace: c.namespaceID, capacityBytes: c.capacityBytes, mediaType: c.mediaType, level: c.level,
                      method: c.method, wholeDevice: c.scopeWholeDevice, verification: c.verificationMode,
                      verificationCoverage: completed ? c.verificationCoverage : nil, result: c.result,
                      certificateID: c.certificateID, certificateSHA256: c.sha256, startedAt: c.startedAt, endedAt: c.endedAt,
                      operatorID: c.operatorID, flags: [], deviceKey: c.deviceKey)
            attach(d)
        }

        /// An asset that left with no certificate at all.
        init(disposalOnly d: DisposalIndexEntry, customer: String?) {
            self.init(assetID: d.assetID, customer: customer, station: d.station, flags: [.noCertificate])
            attach(d)
        }

        init(assetID: String, customer: String?, station: String, deviceSerial: String? = nil, deviceModel: String? = nil,
             deviceNamespace: UInt32? = nil, capacityBytes: UInt64? = nil, mediaType: MediaType? = nil, level: SanitizationLevel? = nil,
             method: SanitizationMethod? = nil, wholeDevice: Bool? = nil, verification: VerificationMode? = nil,
             verificationCoverage: Double? = nil, result: WipeResult? = nil, certificateID: String? = nil, certificateSHA256: String? = nil,
             startedAt: String? = nil, endedAt: String? = nil, operatorID: String? = nil, flags: [Flag], deviceKey: String? = nil) {
            self.assetID = assetID
            self.customer = customer
            self.station = station
            self.deviceSerial = deviceSerial
            self.deviceModel = deviceModel
            self.deviceNamespace = deviceNamespace
            self.capacityBytes = capacityBytes
            self.mediaType = mediaType
            self.level = level
            self.method = method
            self.wholeDevice = wholeDevice
            self.verification = verification
            self.verificationCoverage = verificationCoverage
            self.result = result
            self.certificateID = certificateID
            self.certificateSHA256 = certificateSHA256
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.operatorID = operatorID
            self.flags = flags
            self.deviceKey = deviceKey
        }

        /// Adds the disposal the attempt led to (the asset's latest record not superseded), with its flags.
        mutating func attach(_ disposal: DisposalIndexEntry?) {
            guard let d = disposal else { return }
            disposalRecordID = d.recordID
            disposalRoute = d.route
            recipient = d.recipient
            disposedOn = d.disposedOn
            mediaDestroyedReference = d.mediaDestroyedReference
            overrideReason = d.overrideReason
            if d.overrideReason != nil { flags.append(.releasedOnOverride) }
            if d.mediaDestroyedReference != nil { flags.append(.mediaDestroyed) }
        }

        mutating func markLatest() {
            if let result, let flag = Flag.latest(result) { flags.insert(flag, at: 0) }
        }
    }

    /// Streams the register: every certificate of attempts that ended in the period (asset,
    /// device, time order) with the asset's latest disposal, each device's latest attempt flagged
    /// when it did not pass; then every asset that left in the period without an attempt in it:
    /// its devices' latest certificates, or one row without a device when it has none (media
    /// destroyed, or released on override). Optionally one customer's (identifier matched
    /// exactly) or one station's.
    public static func forEachRow(store: any RecordStore, period: ReportPeriod, customer: String? = nil, station: String? = nil,
                                  _ body: (Row) throws -> Void) async throws {
        var pending: Row?
        var seen = Set<String>()
        let names = Dictionary(try await store.customers().map { ($0.customerID, $0.legalName) }, uniquingKeysWith: { a, _ in a })
        func emit(_ row: Row) throws {
            var named = row
            named.customerName = row.customer.flatMap { names[$0] }
            try body(named)
        }
        try await store.forEachErasureEntry(endedFrom: period.from, to: period.to) { c, owner, d in
            if let customer, owner != customer { return }
            if let station, c.station != station { return }
            let row = Row(certificate: c, customer: owner, disposal: d)
            if var previous = pending {
                if previous.assetID != row.assetID || previous.deviceKey != row.deviceKey { previous.markLatest() }
                try emit(previous)
            }
            pending = row
            seen.insert(c.assetID)
        }
        if var last = pending {
            last.markLatest()
            try emit(last)
        }
        // Assets that left in the period without an attempt in it: each once, by its latest record.
        var left: [String: (DisposalIndexEntry, String?)] = [:]
        try await store.forEachDisposal(from: period.from, to: period.to) { d, owner in
            guard !seen.contains(d.assetID) else { return }
            if let customer, owner != customer { return }
            if let station, d.station != station { return }
            if let current = left[d.assetID]?.0, (current.disposedOn, current.issuedAt) >= (d.disposedOn, d.issuedAt) { return }
            left[d.assetID] = (d, owner)
        }
        for assetID in left.keys.sorted() {
            guard let entry = left[assetID] else { continue }
            let (d, owner) = entry
            let latest = AssetLifecycle.latestPerDevice(try await store.certificates(assetID: assetID))
            if latest.isEmpty {
                try emit(Row(disposalOnly: d, customer: owner))
                continue
            }
            for c in latest {
                var row = Row(certificate: c, customer: owner, disposal: d)
                row.markLatest()
                row.flags.append(.noAttemptInPeriod)
                try emit(row)
            }
        }
    }

    /// Writes the register in `format` through `sink`, row by row.
    public static func write(store: any RecordStore, period: ReportPeriod, generatedAt: String, format: ReportFormat,
                             customer: String? = nil, station: String? = nil, to sink: (String) throws -> Void) async throws {
        switch format {
        case .csv:
            try sink(CSVTable.line(Row.header) + "\r\n")
            try await forEachRow(store: store, period: period, customer: customer, station: station) { try sink(CSVTable.line($0.cells) + "\r\n") }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let periodJSON = String(decoding: try encoder.encode(period), as: UTF8.self)
            try sink("{\"generated_at\":\"\(generatedAt)\",\"period\":\(periodJSON),\"report\":\"gdpr-erasure-register\",\"rows\":[\n")
            var first = true
            try await forEachRow(store: store, period: period, customer: customer, station: station) { row in
                try sink((first ? "" : ",\n") + String(decoding: try encoder.encode(row), as: UTF8.self))
                first = false
            }
            try sink("\n],\"schema_version\":2}\n")
        case .html:
            let (head, tail) = Render.pageParts(title: "GDPR erasure register", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)")
            try sink(head)
            try sink("<table><tr>" + headings.map { "<th>\($0)</th>" }.joined() + "</tr>\n")
            var attempts = 0, passed = 0, flagged = 0
            var assets = Set<String>()
            try await forEachRow(store: store, period: period, customer: customer, station: station) { r in
                if r.result != nil { attempts += 1 }
                if r.result == .passed { passed += 1 }
                if !r.flags.isEmpty { flagged += 1 }
                assets.insert(r.assetID)
                let cells = htmlCells(r)
                var line = "<tr\(r.flags.isEmpty ? "" : " class=\"flagged\"")>" + cells[..<7].map { "<td>\(Render.html($0))</td>" }.joined()
                line += "<td class=\"\(r.result == .passed ? "pass" : "fail")\">\(Render.html(cells[7]))</td>"
                line += "<td><code>\(Render.html(cells[8]))</code></td>" + cells[9...].map { "<td>\(Render.html($0))</td>" }.joined() + "</tr>\n"
                try sink(line)
            }
            try sink("</table><p>\(summary(attempts: attempts, passed: passed, assets: assets.count, flagged: flagged))</p>")
            try sink("<p>Certificates are verifiable offline: <code>expunge verify</code> or <code>openssl cms -verify</code> (see the auditor guide).</p>")
            try sink(tail)
        }
    }

    /// The HTML and PDF column headings.
    public static let headings = ["Asset", "Customer (controller)", "Station", "Device serial", "Model", "Level / method", "Verification", "Result",
                                  "Certificate", "Ended", "Operator", "Disposal", "Flags"]

    /// A row's cells under `headings`, as the HTML and PDF forms print them.
    public static func htmlCells(_ r: Row) -> [String] {
        let serial = r.result == nil ? "no certificate" : (r.deviceSerial ?? "unknown") + (r.deviceNamespace.map { " · namespace \($0)" } ?? "")
        let method = r.level.map { "\($0.rawValue) / \(r.method?.rawValue ?? "")" + (r.wholeDevice == false ? " (part of the drive only)" : "") } ?? ""
        let verification = r.verification.map { v in r.verificationCoverage.map { "\(v.rawValue) \(Render.number($0 * 100, decimals: 1)) %" } ?? "none" } ?? ""
        var disposal = r.disposalRoute.map { "\($0.rawValue) → \(r.recipient ?? "") (\(r.disposedOn ?? "")), \(r.disposalRecordID ?? "")" } ?? ""
        if let ref = r.mediaDestroyedReference { disposal += "; media destroyed: \(ref)" }
        if let reason = r.overrideReason { disposal += "; override: \(reason)" }
        let controller = [r.customer, r.customerName.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        return [r.assetID, controller, r.station, serial, r.deviceModel ?? "", method, verification, r.result?.rawValue ?? "",
                r.certificateID ?? "", r.endedAt ?? "", r.operatorID ?? "", disposal, r.flags.map(\.rawValue).joined(separator: ", ")]
    }

    /// The sentence the HTML and PDF forms end with.
    public static func summary(attempts: Int, passed: Int, assets: Int, flagged: Int) -> String {
        "\(attempts) wipe attempts on \(assets) assets; \(passed) passed, \(attempts - passed) did not; \(flagged) rows flagged (see the Flags column)."
    }

    /// The whole register as one string (small periods, tests).
    public static func render(store: any RecordStore, period: ReportPeriod, generatedAt: String, format: ReportFormat,
                              customer: String? = nil, station: String? = nil) async throws -> String {
        var out = ""
        try await write(store: store, period: period, generatedAt: generatedAt, format: format, customer: customer, station: station) { out += $0 }
        return out
    }
}

extension GDPRErasureRegister.Row.CodingKeys {
    static let allCasesInOrder: [Self] = [
        .assetID, .customer, .customerName, .station, .deviceSerial, .deviceModel, .deviceNamespace, .capacityBytes, .mediaType, .level, .method, .wholeDevice,
        .verification, .verificationCoverage, .result, .certificateID, .certificateSHA256, .startedAt, .endedAt, .operatorID, .disposalRecordID,
        .disposalRoute, .recipient, .disposedOn, .mediaDestroyedReference, .overrideReason, .flags,
    ]
}
