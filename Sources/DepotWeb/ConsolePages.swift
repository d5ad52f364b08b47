import Depot
import Foundation
import Records
import Reports
import StorageModel

/// The signed-in console's pages (`/console/…`), rendered from the depot's archive and record
/// store for one session. What a role may open is decided by the server before a page is asked
/// for (`ConsoleAction`); the pages only leave out links and forms the role cannot use. Every
/// value that came from a drive, a register or a user passes through `HTMLText.shown` and the
/// template's escaping.
public struct ConsolePages: Sendable {
    public let archive: any DepotArchive
    public let store: any RecordStore
    public let version: String
    let now: @Sendable () -> Date

    public init(archive: any DepotArchive, store: any RecordStore, version: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive
        self.store = store
        self.version = version
        self.now = now
    }

    /// Rows per page of the asset list.
    public static let pageSize = 50
    /// Lines of the audit log shown.
    public static let auditLimit = 500

    // MARK: Frame

    static let navigation: [(href: String, label: String, key: String, action: ConsoleAction)] = [
        ("/console", "Dashboard", "dashboard", .viewDashboard),
        ("/console/assets", "Assets", "assets", .viewAssets),
        ("/console/stations", "Stations", "stations", .viewStations),
        ("/console/findings", "Findings", "findings", .viewFindings),
        ("/console/reports", "Reports", "reports", .downloadReports),
        ("/console/audit", "Audit log", "audit", .viewAuditLog),
    ]

    /// The layout's context: title, the navigation the role may use, the user and the CSRF token.
    func frame(_ session: ConsoleSession?, title: String, current: String = "") -> [String: Any] {
        var c: [String: Any] = ["title": title, "console": true, "home": "/console", "homeLabel": "Expunge depot",
                                "footer": "Expunge depot \(version) · times in UTC · figures are read from the signed documents the depot holds."]
        if let session {
            c["signedIn"] = true
            c["user"] = HTMLText.shown(session.user)
            c["role"] = session.role.rawValue
            c["csrf"] = session.csrfToken
            c["nav"] = Self.navigation.filter { session.may($0.action) }.map { item -> [String: Any] in
                ["href": item.href, "label": item.label, "current": item.key == current]
            }
        }
        return c
    }

    func render(_ status: Int, _ context: [String: Any], _ template: String) -> WebPage {
        WebPage(status: status, html: WebTemplates.render(context, template))
    }

    /// A page that says one thing (a refusal, something not found), with its remedy.
    public func message(_ session: ConsoleSession?, status: Int, heading: String, message: String, remedy: String?) -> WebPage {
        var c = frame(session, title: heading)
        c["heading"] = heading
        var problem: [String: Any] = ["message": message]
        if let remedy { problem["remedy"] = remedy }
        c["alert"] = problem
        return render(status, c, "message")
    }

    /// 403: the role may not do this.
    public func refusal(_ session: ConsoleSession, _ action: ConsoleAction) -> WebPage {
        message(session, status: 403, heading: "Not allowed", message: "As \(session.role.rawValue) you cannot \(action.phrase).",
                remedy: "Ask a depot administrator if your work needs it (`expunge-depot user` sets roles).")
    }

    // MARK: Sign-in

    /// The sign-in form. `token` is the pre-session CSRF token (also set as a cookie by the server).
    public func signIn(token: String, next: String, user: String = "", problem: String? = nil, status: Int = 200) -> WebPage {
        var c = frame(nil, title: "Sign in")
        c["signInToken"] = token
        c["next"] = next
        c["userName"] = HTMLText.shown(String(user.prefix(SignInDesk.maxInputLength)))
        if let problem { c["alert"] = ["message": problem] }
        return render(status, c, "signin")
    }

    // MARK: Shared pieces

    var today: String { String(Timestamp.rfc3339(now()).prefix(10)) }

    /// Options of a select: each value, marked selected when it is `chosen`.
    static func options(_ values: [String], chosen: String?) -> [[String: Any]] {
        values.map { ["value": HTMLText.shown($0), "selected": $0 == chosen] }
    }

    func customerOptions(chosen: String?) async throws -> [[String: Any]] {
        try await store.customers().map { c -> [String: Any] in
            ["value": HTMLText.shown(c.customerID), "label": HTMLText.shown(Self.customerName(c)), "selected": c.customerID == chosen]
        }
    }

    /// "Legal name (ID)", or the name alone when it is the ID.
    static func customerName(_ c: CustomerRecord) -> String {
        c.customerID == c.legalName ? c.legalName : "\(c.legalName) (\(c.customerID))"
    }

    func stationNames() async throws -> [String] { try await archive.stations().map(\.name) }

    static func tone(_ result: WipeResult) -> String {
        switch result {
        case .passed: "passed"
        case .failed: "failed"
        case .unverified, .aborted, .interrupted: "caution"
        }
    }

    static func tone(_ status: LifecycleStatus) -> String {
        switch status {
        case .sanitizationFailed: "failed"
        case .sanitizationIncomplete, .awaitingDestruction, .recovered: "caution"
        default: "passed"
        }
    }

    static func device(_ c: CertificateIndexEntry) -> String {
        var parts = [c.deviceModel, c.deviceSerial.map { "S/N \($0)" }].compactMap { $0 }
        if let ns = c.namespaceID { parts.append("namespace \(ns)") }
        return HTMLText.shown(parts.isEmpty ? c.deviceKey : parts.joined(separator: " · "))
    }

    static func bytes(_ n: UInt64) -> String {
        let gb = Double(n) / 1e9
        if gb >= 1000 { return String(format: "%.2f TB", gb / 1000) }
        return gb >= 1 ? String(format: "%.1f GB", gb) : String(format: "%.1f MB", Double(n) / 1e6)
    }

    /// Where a document ID links: a certificate to its verification page, a disposal record to
    /// its line on the asset's page.
    func documentLink(_ id: String) -> [String: Any] {
        let shown = HTMLText.shown(id)
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? ""
        return ["id": shown, "href": "/console/documents/\(escaped)"]
    }

    static func assetHref(_ id: String) -> String {
        "/console/assets/" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "")
    }
}
