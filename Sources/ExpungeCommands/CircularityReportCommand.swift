import ArgumentParser
import Foundation
import Reports
import StorageModel

/// `expunge report circularity`: devices and tonnes by route, reuse rate, drive age and health at
/// release, and the avoided-emissions estimate with its range and sources.
struct CircularityReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circularity",
        abstract: "Reuse figures: devices and tonnes by route, reuse rate, drive age and health grade at release, avoided emissions (estimate, never netted).",
        discussion: """
        From the signed disposal records dated in the period (superseded ones left out) and the latest certificate of each \
        released asset's storage devices. Avoided emissions are the manufacturing footprint of a new device per device \
        reused, resold or donated, from published per-category factors cited with source and year, as a central value and \
        a range; categories without a sourced factor are counted, not estimated. Method: Docs/compliance.md, "Circularity".
        """)

    @OptionGroup var period: PeriodOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if output.format == .pdf {
            throw ValidationError("report circularity is written as csv, json or html (--format); print the HTML for a paper copy")
        }
    }

    func run() async throws {
        guard let format = output.format.text else { return }
        let report = try await CircularityReport.build(store: try await global.completeStore(), period: try period.period(),
                                                       generatedAt: Timestamp.rfc3339(Date()))
        try await output.write(try report.render(format))
    }
}
