import Foundation
import Reports
import StorageModel

/// Report PDFs: the same figures as the CSV, JSON and HTML forms, from the same report values
/// (nothing is recomputed here), laid out as tables on landscape pages.
public enum ReportLayout {
    static func landscape(_ paper: Paper) -> PageSize { PageSize(width: paper.size.height, height: paper.size.width) }

    static func footer(_ text: String) -> Footer {
        Footer(facts: [], qrText: nil, instructions: text)
    }

    static let recordsNote = "Each line comes from a signed certificate; the certificates, not this report, are the evidence. "
        + "Check them offline with `expunge verify` or `openssl cms -verify` (see the auditor guide)."

    /// The batch report: one line per attempt, then the totals.
    public static func batch(_ report: BatchReport, paper: Paper) -> PageDocument {
        let rows: [[Cell]] = report.rows.map { r in
            [Cell(r.certificateID), Cell(r.assetID + (r.customer.map { "\n\($0)" } ?? "")),
             Cell([r.deviceModel, r.deviceSerial.map { "S/N \($0)" }].compactMap { $0 }.joined(separator: "\n").nilIfEmpty ?? "\(r.transport) (no serial)"),
             Cell(ByteCount(r.capacityBytes).decimalDescription),
             Cell("\(r.level) / \(r.method)" + (r.passes > 1 ? ", \(r.passes) passes" : "") + (r.wholeDevice ? "" : "\npart of the drive")),
             Cell("\(r.verification) \(CertificateLayout.percent(r.verificationCoverage))"),
             Cell(r.result + (r.reasons.isEmpty ? "" : "\n" + r.reasons.joined(separator: ", ")), tone: Tone(result: r.result)),
             Cell(r.endedAt), Cell(CertificateLayout.duration(r.durationSeconds)), Cell(r.operatorID ?? "")]
        }
        let t = report.totals
        let totals: [[Cell]] = [[Cell("Total"), Cell(plural(t.assets, "asset")), Cell(plural(t.devices, "device")), Cell(ByteCount(t.passedBytes).decimalDescription + " passed"),
                                 Cell(""), Cell(""),
                                 Cell(WipeResult.allCases.map { "\(t.byResult[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: "\n")),
                                 Cell(plural(t.attempts, "attempt")), Cell(CertificateLayout.duration(t.durationSeconds)), Cell("")]]
        var blocks: [Block] = [.title("Batch report: drives wiped", subtitle: report.subtitle)]
        if report.rows.isEmpty { blocks.append(.paragraph("No wipe attempt ended in the period.", small: false)) } else {
            blocks.append(.table(Table(headers: ["Certificate", "Asset", "Device", "Capacity", "Level / method", "Verification", "Result", "Ended", "Duration", "Operator"],
                                       widths: [1.5, 1.3, 1.8, 0.8, 1.3, 0.9, 1.2, 1.4, 0.8, 0.9], rows: rows, totals: totals)))
        }
        blocks.append(.paragraph(report.summary, small: false))
        return PageDocument(title: "Batch report \(report.period.from) to \(report.period.to)", date: report.generatedAt,
                            pageSize: landscape(paper), blocks: blocks, footer: footer(recordsNote))
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// The GDPR erasure register, as `GDPRErasureRegister` streams it (the HTML form's cells).
    public static func gdpr(_ rows: [GDPRErasureRegister.Row], period: ReportPeriod, generatedAt: String, paper: Paper) -> PageDocument {
        let cells: [[Cell]] = rows.map { r in
            GDPRErasureRegister.htmlCells(r).enumerated().map { i, text in
                i == 7 ? Cell(text, tone: Tone(result: text)) : (i == 12 && !text.isEmpty ? Cell(text, tone: .caution) : Cell(text))
            }
        }
        let attempts = rows.filter { $0.result != nil }.count
        let passed = rows.filter { $0.result == .passed }.count
        let assets = Set(rows.map(\.assetID)).count
        var blocks: [Block] = [.title("GDPR erasure register", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)")]
        if !cells.isEmpty {
            blocks.append(.table(Table(headers: GDPRErasureRegister.headings,
                                       widths: [1.1, 1.1, 0.9, 1.2, 1.0, 1.1, 0.9, 0.8, 1.3, 1.2, 0.7, 1.8, 1.2], rows: cells)))
        }
        // The sentence the HTML form ends with.
        blocks.append(.paragraph(GDPRErasureRegister.summary(attempts: attempts, passed: passed, assets: assets, flagged: rows.filter { !$0.flags.isEmpty }.count),
                                 small: false))
        return PageDocument(title: "GDPR erasure register \(period.from) to \(period.to)", date: generatedAt, pageSize: landscape(paper),
                            blocks: blocks, footer: footer(recordsNote))
    }

    /// The ESRS E5-5 figures, as `CSRDResourceOutflows` holds them (the same printed values).
    public static func csrd(_ report: CSRDResourceOutflows, paper: Paper) -> PageDocument {
        let rows: [[Cell]] = report.figures.map { f in
            let axes = f.axes.sorted { $0.key < $1.key }.map(\.value).joined(separator: " × ")
            return [Cell("E5-5 §\(f.paragraph)"), Cell(f.label), Cell("\(f.text) \(f.unit)"),
                    Cell(f.element + (axes.isEmpty ? "" : "\n" + axes), monospaced: true)]
        }
        var blocks: [Block] = [
            .title("ESRS E5-5 resource outflows: waste", subtitle: "Period \(report.period.from) to \(report.period.to) · generated \(report.generatedAt)"),
            .paragraph(report.scopeLine, small: false),
            .table(Table(headers: ["ESRS", "Figure", "Value", "Taxonomy element and members"], widths: [0.8, 2.4, 0.9, 3.2], rows: rows)),
            .paragraph(report.weightSentence, small: false),
            .paragraph(report.outsideWasteSentence, small: false),
            .paragraph(report.methodology, small: true),
            .paragraph(report.taxonomy, small: true),
            .title("Appendix: disposal records counted", subtitle: report.scopeLine),
        ]
        if report.records.isEmpty {
            blocks.append(.paragraph("No disposal record dated in the period.", small: false))
        } else {
            let appendix: [[Cell]] = report.records.map { r in
                [Cell(r.recordID), Cell(r.station), Cell(r.assetID), Cell(r.route.rawValue), Cell(r.disposedOn),
                 Cell(r.weight.kilogramsText), Cell(r.weightBasis.rawValue), Cell(r.countedAs.rawValue)]
            }
            blocks.append(.table(Table(headers: CSRDResourceOutflows.appendixHeader, widths: [1.5, 1.0, 1.3, 1.2, 1.0, 0.9, 1.1, 1.6], rows: appendix)))
        }
        return PageDocument(title: "ESRS E5-5 \(report.period.from) to \(report.period.to)", date: report.generatedAt, pageSize: landscape(paper),
                            blocks: blocks, footer: footer("Figures are sums over the signed disposal records dated in the period; the records are the evidence "
                                                           + "(`expunge verify`)."))
    }
}
