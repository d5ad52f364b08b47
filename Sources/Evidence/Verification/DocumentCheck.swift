/// What a document type's rules found in one decoded document.
public struct DocumentCheck: Sendable {
    public var problems: [String]
    public var facts: DocumentFacts?
    /// The decoded document, when the rules decoded one.
    public var decoded: DecodedContent?

    public init(problems: [String], facts: DocumentFacts?, decoded: DecodedContent? = nil) {
        self.problems = problems
        self.facts = facts
        self.decoded = decoded
    }
}
