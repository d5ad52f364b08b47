import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

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
