import StorageModel

/// A person who signs in to the depot web.
public struct DepotUser: Codable, Sendable, Hashable {
    public enum Role: String, Codable, Sendable, Hashable, CaseIterable {
        case auditor, compliance, admin
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
