import ArgumentParser
import Evidence
import Foundation
import Glibc
import Records
import Reports
import StorageModel

struct EvidencePackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence-pack",
        abstract: "A signed ZIP of the period's certificates, disposal records, trust anchor and reports.",
        discussion: "Check it with `expunge verify PACK.zip --trust ca.pem`.")
    @OptionGroup var period: PeriodOptions

    @Option(name: [.short, .long], help: "The ZIP file to write.")
    var output: String

    @OptionGroup var scope: ReportScopeOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.environment().home
        let keys = StationKeyStore(home: home)
        let signer = try keys.loadSigner()
        guard let anchor = FileManager.default.contents(atPath: keys.trustPath) else {
            throw ExpungeError(.failed, "no trust anchor at \(keys.trustPath)", remedy: "install the CA certificate with `expunge keys install --ca`")
        }
        let head = try Ledger(directory: home.ledger).head(station: signer.station.name)
        let store = try await global.completeStore()
        let customer = try await scope.registeredCustomer(in: store)?.customerID
        let manifest = try await EvidencePack.build(store: store, signer: signer, trustAnchorPEM: [UInt8](anchor),
                                              period: try period.period(), customer: customer, station: scope.station, generatedAt: Timestamp.rfc3339(Date()),
                                              output: URL(fileURLWithPath: output), ledgerHeads: [head])
        let docs = manifest.files.filter { $0.path.hasSuffix(".json") && !$0.path.hasPrefix("reports/") }.count
        Console.out("Wrote \(output): \(docs) signed documents, \(manifest.files.count) files, manifest signed by \(manifest.station).")
    }
}
