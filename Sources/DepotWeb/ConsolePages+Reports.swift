import Depot
import Foundation
import Records
import Reports
import StorageModel

extension ConsolePages {
    /// `/console/reports`: a form per report with the command line's filters; each downloads
    /// from `/console/reports/{kind}`.
    /// `canSignPacks`: the depot has its key (else the evidence pack form says how to make one).
    public func reports(_ session: ConsoleSession, canSignPacks: Bool = true, problem: String? = nil, status: Int = 200) async throws -> WebPage {
        var c = frame(session, title: "Reports", current: "reports")
        if let problem { c["alert"] = ["message": HTMLText.shown(problem)] }
        let today = self.today
        let customers = try await customerOptions(chosen: nil)
        let stations = Self.options(try await stationNames(), chosen: nil)
        func form(_ kind: DepotReports.Kind, _ title: String, _ about: String, byStation: Bool, formats: Bool) -> [String: Any] {
            var f: [String: Any] = ["title": title, "about": about, "action": "/console/reports/\(kind.rawValue)", "from": String(today.prefix(4)) + "-01-01",
                                    "to": today, "customers": customers, "byStation": byStation, "stationOptions": stations]
            if formats { f["formats"] = ["options": ReportFormat.allCases.map(\.rawValue)] }
            return f
        }
        c["forms"] = [
            form(.gdpr, "GDPR erasure register", "Every wipe attempt per asset and device in the period, with its certificate and the asset's disposal.",
                 byStation: true, formats: true),
            form(.csrd, "CSRD ESRS E5-5 resource outflows", "Disposal weights in tonnes by route and waste status, with the EFRAG taxonomy elements.",
                 byStation: true, formats: true),
            form(.evidencePack, "Evidence pack", "A ZIP of the period's signed certificates and disposal records as the stations pushed them, with the reports, "
                 + "a manifest signed by the depot's key and the trust anchors; anyone checks it offline with: expunge verify PACK.zip", byStation: false, formats: false)
                .merging(canSignPacks ? [:] : ["unavailable": "The depot has no signing key yet, so it cannot sign a pack: an administrator runs "
                         + "expunge-depot keys init --name DEPOT --org ORGANISATION, then restarts the depot."]) { a, _ in a },
        ]
        return render(status, c, "reports")
    }

    /// `/console/audit`: the newest lines of the audit log.
    public func audit(_ session: ConsoleSession) async throws -> WebPage {
        var c = frame(session, title: "Audit log", current: "audit")
        c["limit"] = Self.auditLimit
        c["entries"] = try await archive.auditEntries(limit: Self.auditLimit).map { e -> [String: Any] in
            ["at": e.at, "user": HTMLText.shown(e.user), "address": HTMLText.shown(e.address), "event": e.event.rawValue, "detail": HTMLText.shown(e.detail),
             "tone": e.event == .signInRefused ? "failed" : ""]
        }
        return render(200, c, "audit")
    }
}
