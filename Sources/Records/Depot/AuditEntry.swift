import StorageModel

/// One line of the depot web's audit log: who signed in (or failed to), signed out, downloaded a
/// report or certificate, imported a register, enrolled or revoked a station. Kept in the depot's
/// database beside the documents; never deleted by the depot.
public struct AuditEntry: Codable, Sendable, Hashable {
    public enum Event: String, Codable, Sendable, Hashable, CaseIterable {
        case signIn = "sign-in"
        case signInRefused = "sign-in-refused"
        case signOut = "sign-out"
        case download
        case registerImport = "register-import"
        case stationEnrolled = "station-enrolled"
        case stationRevoked = "station-revoked"
    }

    /// RFC 3339 UTC.
    public var at: String
    /// The user name (as typed, for a refused sign-in; sanitized for display by the page).
    public var user: String
    /// The client's address as the depot saw it.
    public var address: String
    public var event: Event
    /// What was downloaded or done, with its filters; why a sign-in was refused.
    public var detail: String

    public init(at: String, user: String, address: String, event: Event, detail: String) {
        self.at = at
        self.user = user
        self.address = address
        self.event = event
        self.detail = detail
    }
}
