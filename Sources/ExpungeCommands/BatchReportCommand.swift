import ArgumentParser
import Evidence
import Foundation
import Records
import Reports
import Rendering
import StorageModel

/// `expunge report batch`: one line per drive wiped in a period, with totals.
struct BatchReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "One line per wipe attempt that ended in the period (every drive wiped, whatever its result), with totals.",
        discussion: """
        Each line comes from the signed certificate the record index names, verified against \
        --trust (default: the station's own trust anchor); the report is refused (exit status \
        65) while any of them does not verify. --station keeps one station's attempts.
        """
    )
    @OptionGroup var period: PeriodOptions

    @Option(name: .long, help: "Only this station's certificates (its name, as in certificate IDs).")
    var station: String?

    @Option(name: .long, help: "Trust anchors (PEM) the certificates must verify against (default: the station's own).")
    var trust: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.resolvedHome
        let anchors: TrustStore
        if let trust { anchors = try TrustStore(pemFile: trust) } else if let local = StationKeyStore(home: home).localTrust() { anchors = local } else {
            throw ExpungeError(.usage, "no trust anchor to verify the certificates against", remedy: "pass --trust ca.pem")
        }
        let report = try await BatchReport.build(store: try await global.completeStore(), period: try period.period(), station: station,
                                                 verifier: DocumentVerifier(trust: anchors, registry: .expunge), generatedAt: Timestamp.rfc3339(Date()))
        guard let format = output.format.text else {
            try output.write(pdf: try PDFRenderer.render([ReportLayout.batch(report, paper: output.paper)]))
            return
        }
        try await output.write(try report.render(format))
    }
}
