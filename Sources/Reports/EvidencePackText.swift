import Evidence

/// The text `expunge verify` prints for an evidence pack (zipped or unzipped): the manifest's
/// state, the documents (chains shown as a selection of the ledger), and a last line that says
/// "valid" only when the manifest and every document are.
public enum EvidencePackText {
    public static func lines(_ verdict: EvidencePack.Verdict, name: String, verbose: Bool, strict: Bool = false) -> [VerificationReportText.Line] {
        typealias Line = VerificationReportText.Line
        var lines = [Line(text: "Evidence pack \(name):", tone: .plain)]
        if verdict.trustAnchorFromPack {
            lines.append(Line(text: "  note: verified against the pack's own trust anchor; pass --trust with the CA you obtained independently", tone: .warning))
        }
        for p in verdict.manifestProblems { lines.append(Line(text: "  ✘ \(p)", tone: .bad)) }
        if verdict.manifestProblems.isEmpty { lines.append(Line(text: "  ✔ manifest signed; every file present and unaltered", tone: .good)) }
        for l in VerificationReportText.lines(verdict.documents, verbose: verbose, strict: strict) {
            lines.append(Line(text: "  " + l.text, tone: l.tone))
        }
        lines.append(verdict.isValid
            ? Line(text: "Evidence pack \(name): valid.", tone: .good)
            : Line(text: "Evidence pack \(name): INVALID\(verdict.manifestProblems.isEmpty ? "" : " (\(verdict.manifestProblems.count) manifest problem\(verdict.manifestProblems.count == 1 ? "" : "s"))").", tone: .bad))
        return lines
    }
}
