/// Chain continuity of one station's documents in the verified set.
public struct ChainVerdict: Sendable, Hashable, Encodable {
    public var station: String
    public var documents: Int
    public var firstSequence: UInt64
    public var lastSequence: UInt64
    public var problems: [String]
    /// No sequence is missing between the first and the last present.
    public var isContiguous: Bool
    /// The head recorded for the station (a ledger directory's `state.json`, an evidence pack's
    /// manifest), when the set carries one.
    public var recordedHead: UInt64?
    /// The set is a selection of the ledger (an evidence pack): gaps are expected.
    public var isSelection: Bool
    public var isValid: Bool { problems.isEmpty }

    public init(station: String, documents: Int, firstSequence: UInt64, lastSequence: UInt64, problems: [String],
                isContiguous: Bool = true, recordedHead: UInt64? = nil, isSelection: Bool = false) {
        self.station = station
        self.documents = documents
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.problems = problems
        self.isContiguous = isContiguous
        self.recordedHead = recordedHead
        self.isSelection = isSelection
    }

    /// "Continuous" is said only of a whole ledger: sequences 1 to the recorded head, none missing.
    public var isContinuous: Bool {
        isValid && !isSelection && isContiguous && firstSequence == 1 && recordedHead == lastSequence
    }

    /// The one-word-or-so state shown after the chain's range.
    public var summary: String {
        if !isValid { return "BROKEN" }
        if isSelection {
            return "selection of \(documents) document\(documents == 1 ? "" : "s") out of 1..\(max(recordedHead ?? lastSequence, lastSequence))"
        }
        if isContinuous { return "continuous" }
        if isContiguous { return "contiguous (no recorded ledger head to check the end against)" }
        return "not contiguous"
    }

    enum CodingKeys: String, CodingKey {
        case station, documents
        case firstSequence = "first_sequence"
        case lastSequence = "last_sequence"
        case problems
        case isValid = "valid"
        case isContiguous = "contiguous"
        case isContinuous = "continuous"
        case recordedHead = "recorded_head"
        case isSelection = "selection"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(station, forKey: .station)
        try c.encode(documents, forKey: .documents)
        try c.encode(firstSequence, forKey: .firstSequence)
        try c.encode(lastSequence, forKey: .lastSequence)
        try c.encode(problems, forKey: .problems)
        try c.encode(isValid, forKey: .isValid)
        try c.encode(isContiguous, forKey: .isContiguous)
        try c.encode(isContinuous, forKey: .isContinuous)
        try c.encode(recordedHead, forKey: .recordedHead)
        try c.encode(isSelection, forKey: .isSelection)
    }
}
