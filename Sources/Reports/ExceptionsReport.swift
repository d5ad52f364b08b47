import Evidence
import Foundation
import Records
import StorageModel

/// What a compliance officer should look at for a period, each line naming its signed documents:
/// releases on an override, assets released without a certificate because their media were
/// destroyed, double disposals (two current records of one asset), corrected (superseded)
/// records, assets not in the register, devices whose latest attempt did not pass, and register
/// assets with no activity for `idleDays` (lost?). Computed from the store's ordinary queries.
public struct ExceptionsReport: Sendable, Encodable {
    public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
        case releasedOnOverride = "released-on-override"
        case releasedWithoutCertificate = "released-without-certificate-media-destroyed"
        case doubleDisposal = "double-disposal"
        case supersededDisposal = "superseded-disposal"
        case notInRegister = "asset-not-in-register"
        case latestAttemptNotPassed = "latest-attempt-not-passed"
        case noActivity = "no-activity"
        case chainProblem = "chain-problem"

        /// What to do about it (Docs/compliance.md says more).
        public var action: String {
            switch self {
            case .releasedOnOverride: "check the signed reason is acceptable to the data controller; file it with the controller's records"
            case .releasedWithoutCertificate: "keep the certificate of destruction with the disposal record; check the recipient's certification"
            case .doubleDisposal: "find which record is right and issue a correction (`expunge dispose --supersedes RECORD`)"
            case .supersededDisposal: "none if the correction is intended; the correcting record is the one counted"
            case .notInRegister: "add the asset to the register (`expunge asset import --update`) with its customer and weight"
            case .latestAttemptNotPassed: "wipe again, or destroy the media, before the asset leaves; if it left, tell the data controller"
            case .noActivity: "locate the asset; if it is lost, record it as a data-protection incident"
            case .chainProblem: "run `expunge verify` on the ledger; restore a missing or altered document from a backup or the depot, or record why it is gone"
            }
        }
    }

    public struct Line: Sendable, Hashable, Encodable {
        public var kind: Kind
        public var assetID: String
        @NullCoded public var customer: String?
        /// The day it happened (or the last activity, for `no-activity`).
        public var date: String
        public var detail: String
        /// The certificate and disposal record IDs this line is about.
        public var documents: [String]
        public var action: String

        enum CodingKeys: String, CodingKey { case kind, assetID = "asset_id", customer, date, detail, documents, action }

        var cells: [String] { [kind.rawValue, assetID, customer ?? "", date, detail, documents.joined(separator: " "), action] }
    }

    public var schemaVersion = 1
    public var report = "exceptions"
    public var period: ReportPeriod
    public var generatedAt: String
    public var idleDays: Int
    @NullCoded public var customer: String?
    public var lines: [Line]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", report, period, generatedAt = "generated_at", idleDays = "idle_days", customer, lines
    }

    public static let defaultIdleDays = 90

    /// A problem `expunge verify` found in a station's chain (a missing sequence, a broken link,
    /// a truncated head, a document that does not verify): not tied to one asset or date.
    public struct ChainProblem: Sendable, Hashable {
        public var station: String
        public var detail: String
        public var documents: [String]

        public init(station: String, detail: String, documents: [String] = []) {
            self.station = station
            self.detail = detail
            self.documents = documents
        }
    }

    /// The chain problems of a verification report (`DocumentVerifier.verify(paths:)` over the
    /// ledger): each chain's problems, then each document that does not verify.
    public static func chainProblems(_ report: VerificationReport) -> [ChainProblem] {
        var out: [ChainProblem] = []
        for chain in report.chains.sorted(by: { $0.station < $1.station }) {
            out += chain.problems.map { ChainProblem(station: chain.station, detail: "station \(chain.station): \($0)") }
        }
        for d in report.documents where !d.isValid {
            out.append(ChainProblem(station: d.station ?? "?", detail: "\(d.documentID ?? d.path) does not verify: \(d.problems.prefix(3).joined(separator: "; "))",
                                    documents: d.documentID.map { [$0] } ?? []))
        }
        out += report.inputProblems.map { ChainProblem(station: "?", detail: $0) }
        return out
    }

    /// `chainProblems`: what `expunge verify` found in the ledger (listed first, whatever the
    /// period and customer: a gap may hide any asset's document).
    public static func build(store: any RecordStore, period: ReportPeriod, generatedAt: String, idleDays: Int = defaultIdleDays,
                             customer: String? = nil, chainProblems: [ChainProblem] = []) async throws -> ExceptionsReport {
        var lines: [Line] = chainProblems.map {
            Line(kind: .chainProblem, assetID: "", customer: nil, date: String(generatedAt.prefix(10)), detail: $0.detail, documents: $0.documents,
                 action: Kind.chainProblem.action)
        }
        var owners: [String: String?] = [:]
        func owner(_ assetID: String) async throws -> String? {
            if let known = owners[assetID] { return known }
            let found = try await store.asset(assetID)?.customer
            owners[assetID] = .some(found)
            return found
        }
        func add(_ kind: Kind, _ assetID: String, date: String, _ detail: String, _ documents: [String]) async throws {
            let c = try await owner(assetID)
            if let customer, c != customer { return }
            lines.append(Line(kind: kind, assetID: assetID, customer: c, date: date, detail: detail, documents: documents, action: kind.action))
        }

        // Disposal records of the period (superseded ones included: the corrections are exceptions too).
        let disposals = try await store.disposals(from: period.from, to: period.to)
        let assetsDisposed = Set(disposals.map(\.assetID))
        for d in disposals.sorted(by: { ($0.disposedOn, $0.recordID) < ($1.disposedOn, $1.recordID) }) {
            if let old = d.supersedes {
                try await add(.supersededDisposal, d.assetID, date: d.disposedOn, "\(d.recordID) corrects \(old)", [d.recordID, old])
            }
        }
        for assetID in assetsDisposed.sorted() {
            let current = AssetLifecycle.current(try await store.disposals(assetID: assetID))
                .sorted { ($0.disposedOn, $0.issuedAt) < ($1.disposedOn, $1.issuedAt) }
            if current.count > 1 {
                try await add(.doubleDisposal, assetID, date: current.last?.disposedOn ?? "",
                              "\(current.count) disposal records, none superseding the other: "
                              + current.map { "\($0.recordID) (\($0.route.rawValue), \($0.disposedOn))" }.joined(separator: ", "), current.map(\.recordID))
            }
            let certificates = try await store.certificates(assetID: assetID)
            for d in current where d.disposedOn >= period.from && d.disposedOn <= period.to {
                if let reason = d.overrideReason {
                    try await add(.releasedOnOverride, assetID, date: d.disposedOn, "\(d.route.rawValue) to \(d.recipient) on override: \(reason)",
                                  [d.recordID] + AssetLifecycle.latestPerDevice(certificates).map(\.certificateID))
                }
                if let reference = d.mediaDestroyedReference, certificates.isEmpty {
                    try await add(.releasedWithoutCertificate, assetID, date: d.disposedOn,
                                  "\(d.route.rawValue) to \(d.recipient); media destroyed, certificate of destruction \(reference)", [d.recordID])
                }
            }
        }

        // Devices whose latest attempt in the period did not pass.
        let certificates = try await store.certificates(endedFrom: period.from, to: period.to)
        for c in AssetLifecycle.latestPerDevice(certificates).sorted(by: { ($0.assetID, $0.deviceKey) < ($1.assetID, $1.deviceKey) })
        where c.result != .passed {
            let device = (c.deviceSerial.map { "S/N \($0)" } ?? c.deviceKey) + (c.namespaceID.map { " namespace \($0)" } ?? "")
            try await add(.latestAttemptNotPassed, c.assetID, date: String(c.endedAt.prefix(10)),
                          "latest attempt on \(device) \(c.result.rawValue) (station \(c.station))", [c.certificateID])
        }

        // Assets with activity in the period that the register does not know.
        let active = assetsDisposed.union(certificates.map(\.assetID))
        for o in try await store.overviews(AssetFilter(inRegister: false)) where active.contains(o.asset.assetID) {
            try await add(.notInRegister, o.asset.assetID, date: String(o.asset.createdAt.prefix(10)),
                          "created by a wipe or disposal on \(o.asset.createdAt.prefix(10)); not in the imported register", [])
        }

        // Register assets still held with no activity for idleDays before the end of the period.
        let cutoff = Self.day(period.to, minus: idleDays)
        for o in try await store.overviews(AssetFilter(customer: customer, inRegister: true)) where o.disposals == 0 {
            var last = String(o.asset.createdAt.prefix(10))
            for c in try await store.certificates(assetID: o.asset.assetID) { last = max(last, String(c.endedAt.prefix(10))) }
            if last < cutoff {
                try await add(.noActivity, o.asset.assetID, date: last, "\(o.status.rawValue); no wipe or disposal since \(last) (over \(idleDays) days before \(period.to))",
                              [])
            }
        }
        return ExceptionsReport(period: period, generatedAt: generatedAt, idleDays: idleDays, customer: customer, lines: lines)
    }

    /// `date` (YYYY-MM-DD) minus `days` days, in the Gregorian calendar.
    public static func day(_ date: String, minus days: Int) -> String {
        guard let p = CalendarDate.parse(date) else { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let start = calendar.date(from: DateComponents(year: p.year, month: p.month, day: p.day)),
              let earlier = calendar.date(byAdding: .day, value: -days, to: start) else { return date }
        let c = calendar.dateComponents([.year, .month, .day], from: earlier)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    static let header = ["kind", "asset_id", "customer", "date", "detail", "documents", "action"]

    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .json: return try Render.json(self)
        case .csv: return CSVTable.document(header: Self.header, rows: lines.map(\.cells))
        case .html:
            var body = "<p>\(lines.count) exceptions\(customer.map { " for \(Render.html($0))" } ?? ""); idle threshold \(idleDays) days.</p>\n"
            body += "<table><tr>" + ["Exception", "Asset", "Customer", "Date", "Detail", "Documents", "What to do"].map { "<th>\($0)</th>" }.joined() + "</tr>\n"
            for l in lines {
                let cells = l.cells
                body += "<tr>" + cells.enumerated().map { i, c in i == 5 ? "<td><code>\(Render.html(c))</code></td>" : "<td>\(Render.html(c))</td>" }.joined() + "</tr>\n"
            }
            body += "</table>"
            return Render.page(title: "Exceptions", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)", body: body)
        }
    }
}
