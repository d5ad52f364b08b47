import StorageModel

/// One rule of `health-rules.json`: a fact, for counts a limit (`above` or `at_least`, exactly
/// one), and the grade the drive gets when it applies.
public struct HealthRule: Codable, Sendable, Hashable {
    public var fact: HealthRuleFact
    public var above: Int64?
    public var atLeast: Int64?
    public var grade: HealthGrade

    public init(_ fact: HealthRuleFact, above: Int64? = nil, atLeast: Int64? = nil, grade: HealthGrade) {
        self.fact = fact
        self.above = above
        self.atLeast = atLeast
        self.grade = grade
    }

    enum CodingKeys: String, CodingKey {
        case fact, above
        case atLeast = "at_least"
        case grade
    }

    /// What is wrong with the rule's shape, if anything.
    var problem: String? {
        if fact.isCondition {
            return above != nil || atLeast != nil ? "\(fact.rawValue) is a condition: it takes no `above` or `at_least`" : nil
        }
        return (above == nil) == (atLeast == nil) ? "\(fact.rawValue) needs exactly one of `above` and `at_least`" : nil
    }

    /// The reason when the rule applies to `value`, else nil.
    func reason(for value: Int64) -> HealthReason? {
        if fact.isCondition {
            return value != 0 ? HealthReason(code: fact.rawValue, grade: grade, message: fact.words) : nil
        }
        if let limit = above, value > limit {
            return HealthReason(code: fact.rawValue, grade: grade, message: "\(fact.words) \(value) (above \(limit))")
        }
        if let limit = atLeast, value >= limit {
            return HealthReason(code: fact.rawValue, grade: grade, message: "\(fact.words) \(value) (at least \(limit))")
        }
        return nil
    }
}
