/// The text `expunge verify` prints for a report, as lines with a tone (the command colours
/// them). Summaries never contradict the details: "all valid" only when no document failed,
/// "continuous" only for a whole ledger (see `ChainVerdict.summary`); findings have their own
/// section and do not make documents invalid.
public enum VerificationReportText {
    public enum Tone: Sendable { case plain, good, bad, warning }

    public struct Line: Sendable, Hashable {
        public var text: String
        public var tone: Tone

        public init(text: String, tone: Tone) {
            self.text = text
            self.tone = tone
        }
    }

    public static func lines(_ report: VerificationReport, verbose: Bool, strict: Bool = false) -> [Line] {
        var lines: [Line] = []
        for p in report.inputProblems { lines.append(Line(text: "✘ \(p)", tone: .bad)) }
        for d in report.documents where verbose || !d.isValid {
            let head = "\(d.isValid ? "✔" : "✘") \(d.documentID ?? "?")  \(d.result ?? d.documentType ?? "?")  \(d.path)"
            lines.append(Line(text: head, tone: d.isValid ? .good : .bad))
            for p in d.problems { lines.append(Line(text: "    \(p)", tone: .plain)) }
        }
        for c in report.chains {
            let head = "chain \(c.station): sequences \(c.firstSequence)–\(c.lastSequence), \(c.documents) documents: \(c.summary)"
            lines.append(Line(text: head, tone: c.isValid ? .plain : .bad))
            for p in c.problems { lines.append(Line(text: "    \(p)", tone: .plain)) }
        }
        if !report.findings.isEmpty {
            lines.append(Line(text: "Findings (\(report.findings.count); audit points, not signature failures\(strict ? "; --strict: they fail the run" : "; --strict makes them fail the run")):",
                              tone: .warning))
            for f in report.findings { lines.append(Line(text: "  ! [\(f.code)] \(f.message)", tone: .warning)) }
        }
        lines.append(summary(report))
        return lines
    }

    /// The last line. "all valid" only when every document, chain and input is; otherwise the
    /// counts, and what else failed.
    public static func summary(_ report: VerificationReport) -> Line {
        let n = report.documents.count
        let invalid = report.documents.filter { !$0.isValid }.count
        if report.documents.isEmpty { return Line(text: "No documents found.", tone: .bad) }
        if report.isValid {
            return Line(text: "Verified \(n) document\(n == 1 ? "" : "s"): all valid\(report.findings.isEmpty ? "" : "; \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")").", tone: .good)
        }
        var parts = ["\(n - invalid) valid", "\(invalid) invalid"]
        if report.chains.contains(where: { !$0.isValid }) { parts.append("chain broken") }
        if !report.inputProblems.isEmpty { parts.append("\(report.inputProblems.count) input problems") }
        if !report.findings.isEmpty { parts.append("\(report.findings.count) findings") }
        return Line(text: "Verified \(n) document\(n == 1 ? "" : "s"): " + parts.joined(separator: ", ") + ".", tone: .bad)
    }
}
