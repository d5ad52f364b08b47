import Foundation

/// Checks of a verified set against what its ledger recorded, beyond each station's chain:
///
/// - **Missing tail and start**: a directory's `state.json` (or `ledger/state.json`) records
///   the head; documents after the last one present are reported missing, and a last document
///   whose hash differs from the head's is reported replaced. As the directory is then a whole
///   ledger, documents before the first one present are reported missing too.
/// - **One document per attempt**: two documents carrying the same `attempt_id` are reported.
///
/// Both become problems of the station's `ChainVerdict`, so the chain is not "continuous".
enum LedgerHeadCheck {
    /// The heads recorded in a directory given to `expunge verify`.
    static func recordedHeads(directory: String) -> [LedgerHead] {
        [directory, directory + "/ledger"].compactMap { Ledger.recordedHead(in: $0) }
    }

    /// Adds the missing-tail and duplicate-attempt problems to `report`.
    static func apply(heads: [LedgerHead], to report: inout VerificationReport) {
        for head in heads {
            if let i = report.chains.firstIndex(where: { $0.station == head.station }) { report.chains[i].recordedHead = head.sequence }
        }
        for head in heads where head.sequence > 0 {
            let last = report.documents.filter { $0.station == head.station && $0.sequence != nil }.max { $0.sequence! < $1.sequence! }
            let problem: String?
            switch last?.sequence {
            case nil:
                problem = head.sequence == 1 ? "sequence 1 is missing at the end: the ledger head (state.json) is sequence 1"
                    : "sequences 1–\(head.sequence) are missing at the end: the ledger head (state.json) is sequence \(head.sequence)"
            case let s? where s < head.sequence:
                problem = (s + 1 == head.sequence ? "sequence \(head.sequence) is missing" : "sequences \(s + 1)–\(head.sequence) are missing")
                    + " at the end: the ledger head (state.json) is sequence \(head.sequence)"
            case let s? where s == head.sequence && head.sha256 != nil && last?.sha256 != head.sha256:
                problem = "sequence \(s) is not the document the ledger head (state.json) records: its SHA-256 differs (replaced document)"
            default:
                problem = nil
            }
            if let problem { add(problem, station: head.station, to: &report) }
            let first = report.documents.compactMap { $0.station == head.station ? $0.sequence : nil }.min()
            if let first, first > 1 {
                add(first == 2 ? "sequence 1 is missing" : "sequences 1–\(first - 1) are missing", station: head.station, to: &report)
            }
        }
        var byAttempt: [String: [DocumentVerdict]] = [:]
        for d in report.documents { if let a = d.attemptID { byAttempt[a.lowercased(), default: []].append(d) } }
        for (attempt, documents) in byAttempt.sorted(by: { $0.key < $1.key }) where documents.count > 1 {
            let ids = documents.map { $0.documentID ?? $0.path }.sorted()
            add("attempt_id \(attempt) has \(documents.count) documents (\(ids.joined(separator: ", "))): one attempt, one certificate",
                station: documents.first?.station ?? "?", to: &report)
        }
    }

    static func add(_ problem: String, station: String, to report: inout VerificationReport) {
        if let i = report.chains.firstIndex(where: { $0.station == station }) {
            report.chains[i].problems.append(problem)
        } else {
            report.chains.append(ChainVerdict(station: station, documents: 0, firstSequence: 0, lastSequence: 0, problems: [problem], isContiguous: false))
        }
    }
}
