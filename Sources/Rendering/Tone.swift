import StorageModel

/// The colour a result is shown in: green only for `passed`, red for `failed`, amber for a result
/// that proves nothing either way (aborted, interrupted, unverified). Never green for anything
/// but a passed certificate.
public enum Tone: String, Sendable, Hashable {
    case passed
    case failed
    case caution
    case neutral

    public init(_ result: WipeResult) {
        switch result {
        case .passed: self = .passed
        case .failed: self = .failed
        case .aborted, .interrupted, .unverified: self = .caution
        }
    }

    /// From a result as text (index entries, report rows); unknown words are neutral.
    public init(result: String) {
        self = WipeResult(rawValue: result).map(Tone.init) ?? .neutral
    }

    var colour: Colour {
        switch self {
        case .passed: .green
        case .failed: .red
        case .caution: .amber
        case .neutral: .ink
        }
    }
}
