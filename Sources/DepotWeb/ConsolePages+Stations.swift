import Depot
import Foundation
import Records
import StorageModel

extension ConsolePages {
    /// `/console/stations`: every station with its standing, what the depot holds of its chain,
    /// the head it witnessed, whether the chain is continuous, and its findings. An administrator
    /// also gets the enroll and revoke forms; a token just made is shown once.
    public func stations(_ session: ConsoleSession, token: EnrollmentToken? = nil, depotURL: String = "", notice: String? = nil,
                         problem: String? = nil, confirmRevoke: String? = nil, status: Int = 200) async throws -> WebPage {
        var c = frame(session, title: "Stations", current: "stations")
        if let confirmRevoke { c["confirmRevoke"] = ["station": HTMLText.shown(confirmRevoke), "csrf": session.csrfToken] }
        if let notice { c["notice"] = HTMLText.shown(notice) }
        if let problem { c["alert"] = ["message": HTMLText.shown(problem)] }
        if let token {
            c["token"] = ["station": HTMLText.shown(token.station ?? ""), "text": token.text, "depotURL": HTMLText.shown(depotURL)]
        }
        let activity = Dictionary(uniqueKeysWithValues: try await archive.stationActivity().map { ($0.station, $0) })
        let findings = Dictionary(grouping: try await archive.findings(station: nil), by: \.station).mapValues(\.count)
        var rows: [[String: Any]] = []
        for s in try await archive.stations() {
            let head = try await archive.latestHead(station: s.name)
            let missing = try await archive.missingSequences(station: s.name)
            let held = activity[s.name]
            var continuity: String
            var continuityTone = "passed"
            if held == nil {
                continuity = "nothing received"
                continuityTone = ""
            } else if missing.isEmpty {
                continuity = "continuous from 1 to \(held!.highestSequence)"
            } else {
                continuity = "missing " + missing.prefix(5).map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
                    .joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
                continuityTone = "failed"
            }
            if let head, let held, head.sequence > held.highestSequence {
                continuity += "; the head witnessed is \(head.sequence), above the highest held (\(held.highestSequence)): documents not yet pushed"
                continuityTone = continuityTone == "failed" ? "failed" : "caution"
            }
            let since = switch s.state {
            case .pending: "since \(s.createdAt)"
            case .active: "since \(s.enrolledAt ?? s.createdAt)"
            case .revoked: "on \(s.revokedAt ?? "?")"
            }
            rows.append(["name": HTMLText.shown(s.name), "state": s.state.rawValue, "stateTone": s.state == .active ? "passed" : s.state == .revoked ? "failed" : "caution",
                         "since": since, "fingerprint": s.certificateSHA256.map { "certificate SHA-256 \($0)" } ?? "",
                         "documents": held.map { "\($0.documents) (highest \($0.highestSequence))" } ?? "0",
                         "lastSeen": held.map { "last received \($0.lastReceivedAt)" } ?? "",
                         "head": head.map { "\($0.sequence) at \($0.witnessedAt)" } ?? "none", "continuity": continuity, "continuityTone": continuityTone,
                         "findings": findings[s.name] ?? 0, "hasFindings": (findings[s.name] ?? 0) > 0, "revocable": s.state != .revoked, "csrf": session.csrfToken,
                         "mayManage": session.may(.manageStations)])
        }
        c["stations"] = rows
        c["hasStations"] = !rows.isEmpty
        c["mayManage"] = session.may(.manageStations)
        return render(status, c, "stations")
    }
}
