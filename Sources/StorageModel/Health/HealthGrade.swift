/// Whether a drive may be used again, from its health facts and the station's rules. Raw values
/// are the words used on the command line, in JSON and on certificates.
public enum HealthGrade: String, Codable, Sendable, CaseIterable, Comparable {
    case reuse
    case reuseWithCaution = "reuse-with-caution"
    case doNotReuse = "do-not-reuse"

    /// Ordered from best to worst: the grade of a drive is the worst grade any rule gives it.
    public var severity: Int {
        switch self {
        case .reuse: 0
        case .reuseWithCaution: 1
        case .doNotReuse: 2
        }
    }

    public static func < (a: HealthGrade, b: HealthGrade) -> Bool { a.severity < b.severity }
}
