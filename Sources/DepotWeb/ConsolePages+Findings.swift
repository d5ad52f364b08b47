import Depot
import Foundation
import Records
import Reports
import StorageModel

/// The findings page's filters (`/console/findings?from=&to=&customer=&station=`).
public struct FindingsQuery: Sendable, Hashable {
    public var period: ReportPeriod
    public var customer: String?
    public var station: String?

    public init(period: ReportPeriod, customer: String? = nil, station: String? = nil) {
        self.period = period
        self.customer = customer
        self.station = station
    }
}

extension ConsolePages {
    /// `/console/findings`: what the depot witnessed in the stations' chains (forks, deleted
    /// tails, rewritten ledgers, broken links, missing documents), then the records' exceptions
    /// of the period (`ExceptionsReport`: overrides, destroyed media, double disposals, assets not
    /// in the register, latest attempts failed, idle assets), each linked to its documents.
    public func findings(_ session: ConsoleSession, query: FindingsQuery, problem: String? = nil) async throws -> WebPage {
        var c = frame(session, title: "Findings", current: "findings")
        if let problem { c["alert"] = ["message": HTMLText.shown(problem)] }
        var chain: [[String: Any]] = []
        for f in try await archive.findings(station: query.station).reversed() {
            chain.append(["kind": f.kind.rawValue, "station": HTMLText.shown(f.station), "when": f.recordedAt, "tone": "failed",
                          "detail": HTMLText.shown(f.detail + (f.sequence.map { " (sequence \($0))" } ?? "")),
                          "documents": f.documentID.map { [documentLink($0)] } ?? []])
        }
        for s in try await archive.stations() where query.station == nil || s.name == query.station {
            let missing = try await archive.missingSequences(station: s.name)
            guard !missing.isEmpty else { continue }
            let runs = missing.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            chain.append(["kind": "documents-missing", "station": HTMLText.shown(s.name), "when": "now", "tone": "failed",
                          "detail": "sequences \(runs.prefix(20).joined(separator: ", "))\(runs.count > 20 ? ", …" : "") are not at the depot: the station has not pushed them, or its ledger lost them (run `expunge sync --status` on the station)",
                          "documents": [] as [[String: Any]]])
        }
        c["chain"] = chain
        c["hasChain"] = !chain.isEmpty
        c["chainCount"] = chain.count

        let report = try await ExceptionsReport.build(store: store, period: query.period, generatedAt: Timestamp.rfc3339(now()), customer: query.customer)
        var exceptions: [[String: Any]] = []
        for line in report.lines {
            if let station = query.station, !(try await documentsFrom(station: station, line.documents)) { continue }
            var documents: [[String: Any]] = []
            for id in line.documents { documents.append(documentLink(id)) }
            var row: [String: Any] = ["kind": line.kind.rawValue, "date": line.date, "detail": HTMLText.shown(line.detail), "documents": documents,
                                      "action": line.action]
            if !line.assetID.isEmpty {
                row["asset"] = HTMLText.shown(line.assetID)
                row["assetHref"] = Self.assetHref(line.assetID)
            }
            exceptions.append(row)
        }
        c["exceptions"] = exceptions
        c["hasExceptions"] = !exceptions.isEmpty
        c["exceptionCount"] = exceptions.count
        c["idleDays"] = report.idleDays
        c["from"] = query.period.from
        c["to"] = query.period.to
        c["customers"] = try await customerOptions(chosen: query.customer)
        c["stationOptions"] = Self.options(try await stationNames(), chosen: query.station)
        return render(200, c, "findings")
    }

    /// Whether any of the documents was signed by `station` (a line without documents is kept
    /// only when no station is chosen).
    func documentsFrom(station: String, _ ids: [String]) async throws -> Bool {
        for id in ids where try await archive.document(id: id)?.station == station { return true }
        return false
    }

    /// Where `/console/documents/{id}` sends the browser: a certificate to its verification
    /// page, a disposal record to its line on the asset's page; nil when the depot holds no such
    /// document.
    public func documentTarget(_ id: String) async throws -> String? {
        guard let document = try await archive.document(id: id) else { return nil }
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? ""
        switch document.kind {
        case .wipeCertificate:
            return "/verify/\(escaped)?sha256=\(document.sha256)"
        case .disposalRecord:
            guard let record = try? JSONDecoder().decode(DisposalRecord.self, from: Data(document.document)) else { return "/verify/\(escaped)" }
            return Self.assetHref(record.asset.assetID) + "#" + escaped
        }
    }
}
