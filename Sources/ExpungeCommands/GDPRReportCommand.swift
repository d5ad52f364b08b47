import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

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
