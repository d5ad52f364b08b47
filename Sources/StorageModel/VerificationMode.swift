/// The verification modes. `sample` follows NIST SP 800-88 Rev. 1 §4.7 representative sampling.
public enum VerificationMode: String, Codable, Sendable, CaseIterable {
    case full
    case sample
    case none
}
