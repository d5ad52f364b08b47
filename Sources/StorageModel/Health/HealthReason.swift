/// One rule that applied to a drive: its stable code (the rule's fact, kebab-case), the grade
/// it gives, and the observed value against the limit, in words.
public struct HealthReason: Codable, Sendable, Hashable {
    public var code: String
    public var grade: HealthGrade
    public var message: String

    public init(code: String, grade: HealthGrade, message: String) {
        self.code = code
        self.grade = grade
        self.message = message
    }
}
