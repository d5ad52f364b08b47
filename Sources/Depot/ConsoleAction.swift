import Records

/// What a signed-in user may do in the depot web, by role. Every console route names its action
/// and is refused (403) to a role not listed here; the table is also in `Docs/depot.md`.
///
/// | Action | technician | auditor | compliance | admin |
/// |---|---|---|---|---|
/// | dashboard, assets, certificate PDFs, stations, findings | ✓ | ✓ | ✓ | ✓ |
/// | reports (GDPR register, CSRD E5-5, evidence packs) | | ✓ | ✓ | ✓ |
/// | import the asset register | | | ✓ | ✓ |
/// | audit log | | ✓ | | ✓ |
/// | enroll and revoke stations | | | | ✓ |
public enum ConsoleAction: String, Sendable, Hashable, CaseIterable {
    case viewDashboard = "view-dashboard"
    case viewAssets = "view-assets"
    case downloadCertificate = "download-certificate"
    case viewStations = "view-stations"
    case viewFindings = "view-findings"
    case downloadReports = "download-reports"
    case importRegister = "import-register"
    case viewAuditLog = "view-audit-log"
    case manageStations = "manage-stations"

    public func allowed(for role: DepotUser.Role) -> Bool {
        switch self {
        case .viewDashboard, .viewAssets, .downloadCertificate, .viewStations, .viewFindings: true
        case .downloadReports: role != .technician
        case .importRegister: role == .compliance || role == .admin
        case .viewAuditLog: role == .auditor || role == .admin
        case .manageStations: role == .admin
        }
    }

    /// What the refusal says the user cannot do.
    public var phrase: String {
        switch self {
        case .viewDashboard: "see the dashboard"
        case .viewAssets: "see assets"
        case .downloadCertificate: "download certificates"
        case .viewStations: "see stations"
        case .viewFindings: "see findings"
        case .downloadReports: "open or download reports"
        case .importRegister: "import the asset register"
        case .viewAuditLog: "see the audit log"
        case .manageStations: "enroll or revoke stations"
        }
    }
}
