import ArgumentParser
import Evidence
import Foundation
import Reports
import StorageModel

/// `expunge report exceptions`: what a compliance officer should look at in a period, each line
/// with its documents and what to do.
struct ExceptionsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exceptions",
        abstract: "What needs a look: overrides, double or corrected disposals, assets not in the register, failed latest attempts, media destroyed, idle assets.",
        discussion: """
        One line per exception, naming its certificate and disposal record IDs and what to do: releases on an override, \
        assets released without a certificate because their media were destroyed, double disposals and superseded \
        (corrected) records, assets with activity that are not in the register, devices whose latest attempt in the \
        period failed, was aborted or interrupted, register assets still held with no activity for --idle-days before \
        the end of the period, and — first — every problem `expunge verify` finds in the station's ledger (a missing \
        sequence, a broken link, a truncated head, a document that does not verify). The evidence pack includes it. \
        Docs/compliance.md, "Exceptions".
        """)

    @OptionGroup var period: PeriodOptions

    @Option(name: .long, help: "Only this customer's assets: its ID in the customer register (or its exact legal name).")
    var customer: String?

    @Option(name: .long, help: "Days without a wipe or disposal after which a register asset still held is listed (default 90).")
    var idleDays: Int = ExceptionsReport.defaultIdleDays

    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if output.format == .pdf {
            throw ValidationError("report exceptions is written as csv, json or html (--format); print the HTML for a paper copy")
        }
        if idleDays < 1 { throw ValidationError("--idle-days must be 1 or more") }
    }

    func run() async throws {
        guard let format = output.format.text else { return }
        let home = global.resolvedHome
        var chainProblems: [ExceptionsReport.ChainProblem] = []
        if FileManager.default.fileExists(atPath: home.ledger) {
            guard let trust = StationKeyStore(home: home).localTrust() else {
                throw ExpungeError(.usage, code: "no-trust-anchor", "the ledger cannot be verified: this station has no trust anchor",
                                   remedy: "run `expunge keys init` or `expunge keys install` first")
            }
            chainProblems = ExceptionsReport.chainProblems(DocumentVerifier(trust: trust, registry: .expunge).verify(paths: [home.ledger]))
        }
        let store = try await global.completeStore()
        let customerID = try await CustomerLookup.resolve(customer, store: store)?.customerID
        let report = try await ExceptionsReport.build(store: store, period: try period.period(),
                                                      generatedAt: Timestamp.rfc3339(Date()), idleDays: idleDays, customer: customerID,
                                                      chainProblems: chainProblems)
        try await output.write(try report.render(format))
    }
}
