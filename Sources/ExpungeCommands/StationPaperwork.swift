import Evidence
import Rendering
import Station
import StorageModel

/// The station console's printer: a profile's `paperwork` rendered by `CertificatePaperwork`
/// into `$EXPUNGE_HOME/pdf/`, each certificate verified against the station's own trust anchor
/// before it is drawn.
struct StationPaperwork: PaperworkWriter {
    let printer: CertificatePaperwork

    /// Nil when the station has no trust anchor to verify its certificates against.
    init?(home: ExpungeHome) {
        guard let trust = StationKeyStore(home: home).localTrust() else { return nil }
        printer = CertificatePaperwork(verifier: DocumentVerifier(trust: trust, registry: .expunge), directory: home.pdfDirectory)
    }

    func write(_ certificate: LedgerEntry, _ paperwork: BayPaperwork) async throws -> [String] {
        try printer.write(documentPath: certificate.documentPath, sha256: certificate.sha256,
                          paper: paperwork.pdf.flatMap(Paper.init(rawValue:)), label: paperwork.label.flatMap(LabelStock.init(rawValue:)),
                          verifyURL: paperwork.verifyURL)
    }
}
