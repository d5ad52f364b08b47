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
        abstract: "Export the GDPR erasure register, CSRD ESRS E5-5 waste figures, circularity figures, a batch report, or an evidence pack.",
        subcommands: [GDPRReportCommand.self, CSRDReportCommand.self, CircularityReportCommand.self, BatchReportCommand.self, ExceptionsReportCommand.self, EvidencePackCommand.self]
    )
}
