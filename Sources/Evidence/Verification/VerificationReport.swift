/// Everything `expunge verify` found over a set of documents.
public struct VerificationReport: Sendable, Encodable {
    public var documents: [DocumentVerdict]
    public var chains: [ChainVerdict]
    /// Problems with the inputs themselves (a path that does not exist, an orphan signature).
    public var inputProblems: [String]
    /// Cross-document audit findings (double disposal, release on an override, …): reported,
    /// but not signature or consistency failures — they make the exit status non-zero only with
    /// `--strict`.
    public var findings: [AuditFinding]

    public init(documents: [DocumentVerdict], chains: [ChainVerdict], inputProblems: [String], findings: [AuditFinding] = []) {
        self.documents = documents
        self.chains = chains
        self.inputProblems = inputProblems
        self.findings = findings
    }

    /// Every document valid, every chain intact, every input usable (findings aside).
    public var isValid: Bool { !documents.isEmpty && documents.allSatisfy(\.isValid) && chains.allSatisfy(\.isValid) && inputProblems.isEmpty }

    /// `isValid`, and with `strict` no finding either.
    public func passes(strict: Bool) -> Bool { isValid && (!strict || findings.isEmpty) }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case valid, documents, chains, findings
        case inputProblems = "input_problems"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(1, forKey: .schemaVersion)
        try c.encode(isValid, forKey: .valid)
        try c.encode(documents, forKey: .documents)
        try c.encode(chains, forKey: .chains)
        try c.encode(inputProblems, forKey: .inputProblems)
        try c.encode(findings, forKey: .findings)
    }
}
