import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

struct PeriodOptions: ParsableArguments {
    @Option(name: .long, help: "First day, YYYY-MM-DD (default: 1 January this year).")
    var from: String?

    @Option(name: .long, help: "Last day, YYYY-MM-DD (default: today).")
    var to: String?

    func period() throws -> ReportPeriod { try ReportPeriod.defaulted(from: from, to: to) }
}
