import Depot
import Foundation
import Records
import Reports
import StorageModel

extension ConsolePages {
    /// `/console`: wipes today and this month by result and by station, open findings, the two
    /// charts (wipes per day by result over 30 days, disposal tonnes per month by route over 12
    /// months), and when each station was last heard from.
    public func dashboard(_ session: ConsoleSession) async throws -> WebPage {
        var c = frame(session, title: "Dashboard", current: "dashboard")
        let today = self.today
        let monthStart = String(today.prefix(7)) + "-01"
        let chartStart = ExceptionsReport.day(today, minus: 29)
        let certificates = try await store.certificates(endedFrom: min(chartStart, monthStart), to: today)

        func tile(_ label: String, _ entries: [CertificateIndexEntry]) -> [String: Any] {
            let counts = Dictionary(grouping: entries, by: \.result).mapValues(\.count)
            return ["label": label, "total": "\(entries.count) wipe\(entries.count == 1 ? "" : "s")",
                    "results": WipeResult.allCases.compactMap { r -> [String: Any]? in
                        guard let n = counts[r] else { return nil }
                        return ["result": r.rawValue, "count": n, "tone": Self.tone(r)]
                    }]
        }
        let month = certificates.filter { $0.endedAt.prefix(10) >= monthStart }
        c["tiles"] = [tile("Today", certificates.filter { $0.endedAt.hasPrefix(today) }), tile("This month", month)]
        let byStation = Dictionary(grouping: month, by: \.station).sorted { $0.key < $1.key }.map { station, entries -> [String: Any] in
            let passed = entries.filter { $0.result == .passed }.count
            return ["station": HTMLText.shown(station), "passed": passed, "notPassed": entries.count - passed, "anyNotPassed": entries.count > passed,
                    "total": entries.count]
        }
        c["byStation"] = byStation
        c["hasByStation"] = !byStation.isEmpty

        // Findings: what the witness recorded, and the documents missing from the chains.
        let stations = try await archive.stations()
        let recorded = try await archive.findings(station: nil).count
        // Each station with documents missing is one finding (as on the findings page); the count
        // of documents missing saturates (a station cannot overflow it with huge sequences).
        var missing: UInt64 = 0, stationsMissing = 0
        for s in stations {
            let runs = try await archive.missingSequences(station: s.name)
            if !runs.isEmpty { stationsMissing += 1 }
            for run in runs {
                let (span, o1) = (run.upperBound - run.lowerBound).addingReportingOverflow(1)
                let (sum, o2) = missing.addingReportingOverflow(span)
                missing = o1 || o2 ? .max : sum
            }
        }
        c["findings"] = recorded + stationsMissing
        c["findingsTone"] = recorded + stationsMissing > 0 ? "failed" : "passed"
        c["findingsDetail"] = recorded + stationsMissing == 0 ? "No chain finding. The records' exceptions are on the findings page."
            : "\(recorded) chain finding\(recorded == 1 ? "" : "s")" + (missing > 0 ? "; \(missing) document\(missing == 1 ? "" : "s") missing from the chains" : "")

        // Wipes per day by result.
        let days = (0..<30).map { ExceptionsReport.day(today, minus: 29 - $0) }
        let results: [(String, String, (WipeResult) -> Bool)] = [
            ("passed", "chart-passed", { $0 == .passed }), ("failed", "chart-failed", { $0 == .failed }),
            ("other (unverified, aborted, interrupted)", "chart-other", { $0 != .passed && $0 != .failed }),
        ]
        let perDay = Dictionary(grouping: certificates.filter { $0.endedAt.prefix(10) >= chartStart }, by: { String($0.endedAt.prefix(10)) })
        c["wipesChart"] = BarChart(title: "Wipes per day by result, last 30 days", unit: "wipes",
                                   categories: days.map { String($0.suffix(5)) },
                                   series: results.map { .init(label: $0.0, tone: $0.1) },
                                   values: days.map { day in results.map { r in Double((perDay[day] ?? []).filter { r.2($0.result) }.count) } },
                                   labelEvery: 5, integer: true).context

        // Disposal tonnes per month by route (records not superseded).
        let months = Self.months(endingWith: String(today.prefix(7)), count: 12)
        var kilograms: [String: [DisposalRoute: Double]] = [:]
        try await store.forEachDisposal(from: months[0] + "-01", to: today) { d, _ in
            kilograms[String(d.disposedOn.prefix(7)), default: [:]][d.route, default: 0] += d.weightKg
        }
        let routes = DisposalRoute.allCases.filter { r in kilograms.values.contains { ($0[r] ?? 0) > 0 } }
        c["tonnesChart"] = BarChart(title: "Disposal per month by route, last 12 months", unit: "tonnes", categories: months,
                                    series: routes.map { .init(label: $0.rawValue, tone: "route-\($0.rawValue)") },
                                    values: months.map { m in routes.map { (kilograms[m]?[$0] ?? 0) / 1000 } }, labelEvery: 2).context

        // Stations last seen.
        let activity = Dictionary(uniqueKeysWithValues: try await archive.stationActivity().map { ($0.station, $0) })
        var rows: [[String: Any]] = []
        for s in stations {
            let head = try await archive.latestHead(station: s.name)
            rows.append(["name": HTMLText.shown(s.name), "state": s.state.rawValue, "stateTone": s.state == .active ? "passed" : s.state == .revoked ? "failed" : "caution",
                         "lastSeen": activity[s.name]?.lastReceivedAt ?? "nothing received",
                         "head": head.map { "sequence \($0.sequence) at \($0.witnessedAt)" } ?? "none witnessed"])
        }
        c["stations"] = rows
        c["hasStations"] = !rows.isEmpty
        return render(200, c, "dashboard")
    }

    /// `count` months ("YYYY-MM") ending with `last`, oldest first.
    static func months(endingWith last: String, count: Int) -> [String] {
        let parts = last.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return [last] }
        var index = parts[0] * 12 + parts[1] - 1
        index -= count - 1
        return (0..<count).map { k in
            let i = index + k
            return String(format: "%04d-%02d", i / 12, i % 12 + 1)
        }
    }
}
