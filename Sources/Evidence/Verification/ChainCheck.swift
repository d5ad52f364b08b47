/// Chain continuity per station: gaps, duplicates, broken hash links, time running backwards.
enum ChainCheck {
    /// With `selection` (an evidence pack), gaps between sequences are expected and not
    /// reported; links are checked where consecutive documents are both present.
    static func chains(_ documents: [DocumentVerdict], selection: Bool) -> [ChainVerdict] {
        var byStation: [String: [(UInt64, DocumentVerdict)]] = [:]
        for d in documents {
            if let station = d.station, let sequence = d.sequence { byStation[station, default: []].append((sequence, d)) }
        }
        var out: [ChainVerdict] = []
        for (station, docs) in byStation.sorted(by: { $0.key < $1.key }) {
            let sorted = docs.sorted { $0.0 < $1.0 }
            var problems: [String] = []
            var seen: [UInt64: DocumentVerdict] = [:]
            for (sequence, d) in sorted {
                if let first = seen[sequence] {
                    problems.append("sequence \(sequence) appears twice (\(first.path), \(d.path))")
                } else {
                    seen[sequence] = d
                }
            }
            let sequences = seen.keys.sorted()
            var contiguous = true
            for (a, b) in zip(sequences, sequences.dropFirst()) where b != a + 1 {
                contiguous = false
                if !selection { problems.append(b == a + 2 ? "sequence \(a + 1) is missing" : "sequences \(a + 1)–\(b - 1) are missing") }
            }
            for s in sequences where s > 0 {
                guard let prev = seen[s - 1], let doc = seen[s] else { continue }
                if doc.previousSHA256 != prev.sha256 {
                    problems.append("sequence \(s) does not follow sequence \(s - 1): previous_sha256 does not match (altered, replaced or reordered document)")
                }
                if let t0 = prev.issuedAt, let t1 = doc.issuedAt, t1 < t0 {
                    problems.append("sequence \(s) was issued before sequence \(s - 1) (reordered)")
                }
            }
            out.append(ChainVerdict(station: station, documents: sorted.count, firstSequence: sequences.first ?? 0,
                                    lastSequence: sequences.last ?? 0, problems: problems, isContiguous: contiguous, isSelection: selection))
        }
        return out
    }
}
