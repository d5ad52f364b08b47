import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

extension ReportFormat: ExpressibleByArgument {}

/// `expunge report`: exports for compliance.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Export the GDPR erasure register, CSRD ESRS E5-5 waste figures, or an evidence pack.",
        subcommands: [GDPRReportCommand.self, CSRDReportCommand.self, EvidencePackCommand.self]
    )
}

struct PeriodOptions: ParsableArguments {
    @Option(name: .long, help: "First day, YYYY-MM-DD (default: 1 January this year).")
    var from: String?

    @Option(name: .long, help: "Last day, YYYY-MM-DD (default: today).")
    var to: String?

    func period() throws -> ReportPeriod { try ReportPeriod.defaulted(from: from, to: to) }
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "csv, json or html.")
    var format: ReportFormat = .csv

    @Option(name: [.short, .long], help: "Write to this file instead of stdout.")
    var output: String?

    func write(_ text: String) async throws {
        try await stream { try $0(text) }
    }

    /// Streams a report to stdout or to `--output` (written to a temporary file, then renamed).
    func stream(_ produce: ((String) throws -> Void) async throws -> Void) async throws {
        let file = try OutputFile(path: output)
        do {
            try await produce { try file.write($0) }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        if let output { Console.err("wrote \(output)") }
    }
}

struct GDPRReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gdpr", abstract: "The erasure register: every wipe attempt per asset and device, with certificate and disposal.")
    @OptionGroup var period: PeriodOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try await global.completeStore()
        let period = try period.period()
        try await output.stream { sink in
            try await GDPRErasureRegister.write(store: store, period: period, generatedAt: Timestamp.rfc3339(Date()), format: output.format, to: sink)
        }
    }
}

struct CSRDReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "csrd", abstract: "ESRS E5-5 waste figures in tonnes, with EFRAG taxonomy elements.")
    @OptionGroup var period: PeriodOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = try await CSRDResourceOutflows.build(store: try await global.completeStore(), period: try period.period(),
                                                    generatedAt: Timestamp.rfc3339(Date()))
        try await output.write(try report.render(output.format))
    }
}

struct EvidencePackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence-pack",
        abstract: "A signed ZIP of the period's certificates, disposal records, trust anchor and reports.",
        discussion: "Check it with `expunge verify PACK.zip --trust ca.pem`.")
    @OptionGroup var period: PeriodOptions

    @Option(name: [.short, .long], help: "The ZIP file to write.")
    var output: String

    @Option(name: .long, help: "Only this customer's assets.")
    var customer: String?

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.environment().home
        let keys = StationKeyStore(home: home)
        let signer = try keys.loadSigner()
        guard let anchor = FileManager.default.contents(atPath: keys.trustPath) else {
            throw ExpungeError(.failed, "no trust anchor at \(keys.trustPath)", remedy: "install the CA certificate with `expunge keys install --ca`")
        }
        let head = try Ledger(directory: home.ledger).head(station: signer.station.name)
        let manifest = try await EvidencePack.build(store: try await global.completeStore(), signer: signer, trustAnchorPEM: [UInt8](anchor),
                                              period: try period.period(), customer: customer, generatedAt: Timestamp.rfc3339(Date()),
                                              output: URL(fileURLWithPath: output), ledgerHeads: [head])
        let docs = manifest.files.filter { $0.path.hasSuffix(".json") && !$0.path.hasPrefix("reports/") }.count
        Console.out("Wrote \(output): \(docs) signed documents, \(manifest.files.count) files, manifest signed by \(manifest.station).")
    }
}

struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "records", abstract: "Maintain the record store.",
                                                    subcommands: [RecordsRebuildCommand.self])
}

struct RecordsRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recreate the certificate and disposal index from the signed files in the ledger.",
        discussion: "Each document is verified against the station's trust anchor first; unverifiable documents are reported and left out. Imported asset data is kept.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.environment().home
        let store = try await global.environment().openStore()
        let summary = try await RecordIndexer(ledgerDirectory: home.ledger, trust: StationKeyStore(home: home).localTrust()).rebuild(into: store)
        for s in summary.skipped { Console.err("expunge: left out \(s)") }
        Console.out("Indexed \(summary.certificates) certificates and \(summary.disposals) disposal records; created \(summary.assetsCreated) assets not in the register.")
        if !summary.skipped.isEmpty { throw ExitCode(ExitStatus.failed.rawValue) }
    }
}
