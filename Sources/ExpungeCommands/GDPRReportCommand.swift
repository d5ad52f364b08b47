import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import Rendering
import StorageModel

struct GDPRReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gdpr", abstract: "The erasure register: every wipe attempt per asset and device, with certificate and disposal.",
        discussion: """
            Also lists every asset that left control in the period without an attempt in it (media destroyed, released on \
            override). Rows needing attention carry flags: released-on-override, media-destroyed, latest-attempt-failed, \
            latest-attempt-aborted, no-certificate… (see Docs/compliance.md).
            """)
    @OptionGroup var period: PeriodOptions
    @OptionGroup var scope: ReportScopeOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try await global.completeStore()
        let period = try period.period()
        let generatedAt = Timestamp.rfc3339(Date())
        let customer = try await scope.registeredCustomer(in: store)?.customerID
        guard let format = output.format.text else {
            // The same rows the CSV and JSON forms stream.
            var rows: [GDPRErasureRegister.Row] = []
            try await GDPRErasureRegister.forEachRow(store: store, period: period, customer: customer, station: scope.station) { rows.append($0) }
            try output.write(pdf: try PDFRenderer.render([ReportLayout.gdpr(rows, period: period, generatedAt: generatedAt, paper: output.paper)]))
            return
        }
        try await output.stream { sink in
            try await GDPRErasureRegister.write(store: store, period: period, generatedAt: generatedAt, format: format,
                                             customer: customer, station: scope.station, to: sink)
        }
    }
}
