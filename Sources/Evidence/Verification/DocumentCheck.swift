/// What a document type's rules found in one decoded document.
public struct DocumentCheck: Sendable {
    public var problems: [String]
    public var facts: DocumentFacts?

    public init(problems: [String], facts: DocumentFacts?) {
        self.problems = problems
        self.facts = facts
    }
}
