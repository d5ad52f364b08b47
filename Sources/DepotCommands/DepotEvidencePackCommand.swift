import ArgumentParser
import Depot
import DepotWeb
import Evidence
import Foundation
import Records
import Reports
import StorageModel

/// `expunge-depot report evidence-pack`: the station's evidence pack over the depot's archive,
/// signed by the depot's key.
struct DepotEvidencePackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence-pack",
        abstract: "A signed ZIP of the period's certificates and disposal records of every station, with the reports.",
        discussion: """
        The documents are the exact bytes the stations pushed; the manifest is signed by the depot's key \
        (`expunge-depot keys init`); trust-anchor.pem holds the depot's certificate and every station's pinned \
        certificate; the manifest records each station's witnessed head. Check it with `expunge verify PACK.zip`.
        """)

    @Option(name: .long, help: "First day, YYYY-MM-DD (default: 1 January this year).")
    var from: String?

    @Option(name: .long, help: "Last day, YYYY-MM-DD (default: today).")
    var to: String?

    @Option(name: [.short, .long], help: "The ZIP file to write.")
    var output: String

    @Option(name: .long, help: "Only this customer's assets: its ID in the depot's customer register (or its exact legal name).")
    var customer: String?

    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let keys = StationKeyStore(home: ExpungeHome(root: depot.resolvedHome))
        let signer: StationSigner
        do { signer = try keys.loadSigner() } catch let e as ExpungeError {
            throw ExpungeError(e.exitStatus, code: "no-depot-key", "the depot has no usable signing key: \(e.message)",
                               remedy: "create it with `expunge-depot keys init --name DEPOT --org ORGANISATION`")
        }
        let manifest = try await depot.withDepot { opened in
            let reports = DepotReports(archive: opened.archive, store: opened.store)
            let request = try await reports.request(.evidencePack, from: from, to: to, customer: customer, station: nil, format: nil)
            return try await reports.evidencePack(request, signer: signer, generatedAt: Timestamp.rfc3339(Date()), output: URL(fileURLWithPath: output))
        }
        let docs = manifest.files.filter { $0.path.hasSuffix(".json") && !$0.path.hasPrefix("reports/") }.count
        Terminal.out("Wrote \(output): \(docs) signed documents, \(manifest.files.count) files, manifest signed by \(manifest.station).")
    }
}
