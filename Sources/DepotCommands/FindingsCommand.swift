import ArgumentParser
import DepotAPI
import Depot
import Foundation
import Records
import StorageModel

/// `expunge-depot findings`: what the depot's witness found.
struct FindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List the depot's findings: forked chains, deleted tails, rewritten ledgers, broken links (oldest first).",
        discussion: "Exit status: 0 no findings; 1 there are findings (so scripts and monitoring can alert).")

    @Option(name: .long, help: "Only this station's findings.")
    var station: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let findings = try await depot.withDepot { try await $0.archive.findings(station: station).map(FindingBody.init) }
        if json {
            Terminal.out(try PrettyJSON.encode(findings))
        } else if findings.isEmpty {
            Terminal.out("No findings.")
        } else {
            for f in findings { Terminal.out("\(f.recordedAt)  \(f.station)  \(f.kind)  \(f.detail)") }
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}
