/// The body of every error answer: `{"code": "kebab-case", "message": "…", "remedy": "…"}`. The
/// code is stable (programs act on it); message and remedy are for people and never carry
/// personal data.
public struct APIErrorBody: Codable, Sendable, Hashable {
    public var code: String
    public var message: String
    public var remedy: String

    public init(code: String, message: String, remedy: String) {
        self.code = code
        self.message = message
        self.remedy = remedy
    }
}
