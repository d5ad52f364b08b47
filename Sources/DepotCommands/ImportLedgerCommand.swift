import ArgumentParser
import Depot
import Evidence
import Foundation
import Records
import StorageModel

/// `expunge-depot import-ledger DIR`: bulk import of a station's ledger, verified.
struct ImportLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-ledger",
        abstract: "Import a station's ledger directory: every document verified as a push is, in sequence order.",
        discussion: """
        The station must be enrolled, or --certificate gives its certificate (keys/station.cert.pem of that \
        station), which is then pinned as if the station had joined. Documents the depot already holds are \
        counted, not stored twice; refused ones are listed with the reason. Exit status: 0 every document stored \
        or already held; 1 some were refused; 65 unreadable directory or certificate.
        """)

    @Argument(help: "The ledger directory ($EXPUNGE_HOME/ledger of the station).")
    var directory: String

    @Option(name: .long, help: ArgumentHelp("The station's certificate, PEM, to enroll it with (when it is not enrolled).", valueName: "file"))
    var certificate: String?

    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let summary = try await depot.withDepot { opened in
            let documents = try LedgerImport.documents(in: directory)
            guard !documents.isEmpty else {
                throw ExpungeError(.badInput, code: "empty-ledger", "\(directory) holds no signed documents (<station>-<sequence>.json)",
                                   remedy: "give the station's ledger directory ($EXPUNGE_HOME/ledger)")
            }
            if let certificate {
                guard case .success(let pem) = BoundedFile.read(certificate, limit: DocumentLimits.maxTrustAnchorBytes),
                      let cert = X509Certificate.load(pem: pem), let name = cert.commonName else {
                    throw ExpungeError(.badInput, code: "invalid-certificate", "\(certificate) holds no station certificate (PEM)",
                                       remedy: "give the station's keys/station.cert.pem")
                }
                if try await opened.archive.station(named: name)?.state != .active {
                    let desk = EnrollmentDesk(archive: opened.archive)
                    let token = try await desk.create(station: name)
                    _ = try await desk.redeem(token: token.text, certificatePEM: String(decoding: pem, as: UTF8.self))
                    Terminal.err("expunge-depot: enrolled \(name) with certificate \(cert.fingerprintSHA256.prefix(16))…")
                }
            }
            return try await LedgerImport(ingest: DepotIngest(archive: opened.archive)).run(directory: directory)
        }
        Terminal.out("Imported \(summary.stored) document(s); \(summary.alreadyStored) already held; \(summary.rejected.count) refused.")
        for r in summary.rejected { Terminal.out("  refused \(r)") }
        for (station, gaps) in summary.missing.sorted(by: { $0.key < $1.key }) {
            Terminal.out("  \(station) still lacks sequence(s) " + gaps.map { $0.from == $0.to ? "\($0.from)" : "\($0.from)–\($0.to)" }.joined(separator: ", "))
        }
        if !summary.rejected.isEmpty { throw ExitCode(1) }
    }
}
