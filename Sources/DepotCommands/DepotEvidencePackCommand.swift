import ArgumentParser
import Depot
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
        let period = try ReportPeriod.defaulted(from: from, to: to)
        let manifest = try await depot.withDepot { opened in
            var customerID: String?
            if let customer { customerID = try await opened.store.registeredCustomer(named: customer).customerID }
            var anchors = signer.certificate.pem
            var heads: [LedgerHead] = []
            for station in try await opened.archive.stations() {
                if let pem = station.certificatePEM { anchors += Array(pem.utf8) }
                if let head = try await opened.archive.latestHead(station: station.name) {
                    heads.append(LedgerHead(station: station.name, sequence: head.sequence, sha256: head.sha256))
                }
            }
            return try await EvidencePack.build(
                store: opened.store, signer: signer, trustAnchorPEM: anchors, period: period, customer: customerID,
                generatedAt: Timestamp.rfc3339(Date()), output: URL(fileURLWithPath: output), ledgerHeads: heads,
                documents: ArchiveDocuments(archive: opened.archive))
        }
        let docs = manifest.files.filter { $0.path.hasSuffix(".json") && !$0.path.hasPrefix("reports/") }.count
        Terminal.out("Wrote \(output): \(docs) signed documents, \(manifest.files.count) files, manifest signed by \(manifest.station).")
    }
}
