import StorageModel

/// A person who signs in to the depot web.
public struct DepotUser: Codable, Sendable, Hashable {
    /// What the person may do in the depot web (`ConsoleAction.allowed(for:)` has the table).
    public enum Role: String, Codable, Sendable, Hashable, CaseIterable {
        /// Depot floor staff: the dashboard, assets, stations and findings; no reports.
        case technician
        /// Checks the evidence: everything a technician sees, the reports and the audit log.
        case auditor
        /// The reports and the asset register import.
        case compliance
        /// Everything, and stations' enrollment and revocation.
        case admin
    }

    public var name: String
    /// A salted, slow password hash in a self-describing format (the depot web chooses it).
    public var passwordHash: String
    public var role: Role
    public var createdAt: String

    public init(name: String, passwordHash: String, role: Role, createdAt: String) {
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }
}
