/// NIST SP 800-88 sanitization categories that Expunge performs.
public enum SanitizationLevel: String, Sendable, Codable, CaseIterable {
    /// Logical techniques over all user-addressable locations (overwrite).
    case clear
    /// Techniques that make recovery infeasible with state-of-the-art laboratory methods
    /// (firmware sanitize, crypto erase).
    case purge
}
