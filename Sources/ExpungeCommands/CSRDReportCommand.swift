import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import Rendering
import StorageModel

struct CSRDReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "csrd", abstract: "ESRS E5-5 waste figures in tonnes, with EFRAG taxonomy elements.",
        discussion: "Weights are summed exactly in grams and printed in tonnes with six decimals, the same in every format; an appendix lists every disposal record counted.")
    @OptionGroup var period: PeriodOptions
    @OptionGroup var scope: ReportScopeOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try await global.completeStore()
        let report = try await CSRDResourceOutflows.build(store: store, period: try period.period(), generatedAt: Timestamp.rfc3339(Date()),
                                                          scope: try await scope.scope(home: global.resolvedHome, store: store))
        guard let format = output.format.text else {
            try output.write(pdf: try PDFRenderer.render([ReportLayout.csrd(report, paper: output.paper)]))
            return
        }
        try await output.write(try report.render(format))
    }
}
