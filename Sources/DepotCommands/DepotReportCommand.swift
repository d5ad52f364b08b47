import ArgumentParser
import DepotWeb
import Evidence
import Foundation
import Records
import Reports
import StorageModel

extension ReportFormat: ExpressibleByArgument {}

/// `expunge-depot report`: the station's reports (`expunge report`), over every station's
/// documents at the depot. Same options and the same report code (`Reports`).
struct DepotReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The GDPR erasure register, the CSRD ESRS E5-5 figures and evidence packs over all stations' documents at the depot.",
        subcommands: [DepotGDPRReportCommand.self, DepotCSRDReportCommand.self, DepotEvidencePackCommand.self])
}

/// `--from`, `--to`, `--format`, `--output`, as `expunge report` takes them.
struct DepotReportOptions: ParsableArguments {
    @Option(name: .long, help: "First day, YYYY-MM-DD (default: 1 January this year).")
    var from: String?

    @Option(name: .long, help: "Last day, YYYY-MM-DD (default: today).")
    var to: String?

    @Option(name: .long, help: "csv, json or html.")
    var format: ReportFormat = .csv

    @Option(name: [.short, .long], help: "Write to this file instead of stdout.")
    var output: String?

    @Option(name: .long, help: "Only this customer's assets: its ID in the depot's customer register (or its exact legal name).")
    var customer: String?

    @Option(name: .long, help: "Only documents signed by this station.")
    var station: String?

    /// The filters checked (dates, a customer of the register), as the console checks them.
    func request(_ kind: DepotReports.Kind, _ reports: DepotReports) async throws -> DepotReports.Request {
        try await reports.request(kind, from: from, to: to, customer: customer, station: station, format: format.rawValue)
    }

    /// Streams the report to stdout or to `--output` (a temporary file renamed when complete).
    func stream(_ produce: ((String) throws -> Void) async throws -> Void) async throws {
        let file = try OutputFile(path: output)
        do {
            try await produce { try file.write($0) }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        if let output { Terminal.err("wrote \(output)") }
    }
}

struct DepotGDPRReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gdpr", abstract: "The erasure register: every wipe attempt per asset and device, with certificate and disposal.")
    @OptionGroup var options: DepotReportOptions
    @OptionGroup var depot: DepotOptions

    func run() async throws {
        try await depot.withDepot { opened in
            let reports = DepotReports(archive: opened.archive, store: opened.store)
            let request = try await options.request(.gdpr, reports)
            try await options.stream { sink in try await reports.gdpr(request, generatedAt: Timestamp.rfc3339(Date()), to: sink) }
        }
    }
}

struct DepotCSRDReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "csrd", abstract: "ESRS E5-5 waste figures in tonnes, with EFRAG taxonomy elements.")
    @OptionGroup var options: DepotReportOptions
    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let text = try await depot.withDepot { opened in
            let reports = DepotReports(archive: opened.archive, store: opened.store)
            return try await reports.csrd(try await options.request(.csrd, reports), generatedAt: Timestamp.rfc3339(Date()))
        }
        try await options.stream { try $0(text) }
    }
}
