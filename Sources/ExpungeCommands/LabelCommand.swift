import ArgumentParser
import Evidence
import Foundation
import Records
import Rendering
import StorageModel

extension LabelStock: ExpressibleByArgument {}

/// `expunge label`: a printable label for a certificate or for each device of an asset.
struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Print labels (PDF): result, asset, date, certificate ID and QR code, from certificates that verify.",
        discussion: """
        Give a certificate ID of this station's ledger (DEPOT-1-000042), a certificate file \
        (X.json), or an asset ID: an asset gets one label per storage device (its latest \
        certificate). --size 62x29mm makes one 62 × 29 mm page per label for a thermal label \
        printer (print at 100 %); a4-sheet puts 24 labels of 70 × 37 mm on A4 sheets. Every \
        certificate is verified first; one that does not verify is refused (exit status 65).
        """
    )

    @Argument(help: "A certificate ID, a certificate file (X.json), or an asset ID.")
    var subject: String

    @Option(name: .long, help: "62x29mm (roll) or a4-sheet.")
    var size: LabelStock = .roll62x29mm

    @OptionGroup var pdf: PDFOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.resolvedHome
        let rendering = CertificateRendering(verifier: try pdf.verifier(home: home), verifyURL: pdf.verifyURL)
        let loaded: [CertificateRendering.Loaded]
        let ledgerFile = home.ledger + "/" + subject + ".json"
        if subject.hasSuffix(".json") && FileManager.default.fileExists(atPath: subject) {
            loaded = [try rendering.load(subject)]
        } else if !subject.contains("/") && FileManager.default.fileExists(atPath: ledgerFile) {
            loaded = [try rendering.load(ledgerFile)]
        } else {
            let store = try await global.completeStore()
            let entries = AssetLifecycle.latestPerDevice(try await store.certificates(assetID: subject))
            guard !entries.isEmpty else {
                throw ExpungeError(.badInput, code: "nothing-to-label", "\(DisplayString.sanitize(subject) ?? "?") is neither a certificate ID of this station nor an asset with certificates",
                                   remedy: "give a certificate ID (`expunge asset show ASSET` lists them), a certificate file, or an asset ID")
            }
            loaded = try entries.map { e throws(ExpungeError) in try CertificatePDFCommand.checked(rendering.load(e.path), sha256: e.sha256, path: e.path) }
        }
        let labels = loaded.map { LabelLayout.label($0.certificate, verified: $0.verified, verifyURL: pdf.verifyURL) }
        let date = loaded.map(\.certificate.issuedAt).max() ?? Timestamp.rfc3339(Date())
        let bytes = try LabelLayout.pdf(labels, stock: size, title: "Labels: \(subject)", date: date)
        let path: String
        switch try pdf.target() {
        case .file(let p): path = p
        case .directory(let dir): path = PDFOptions.path(dir, PDFOptions.fileName((subject as NSString).lastPathComponent, suffix: "-label"))
        }
        try PDFOptions.write(bytes, to: path)
        Console.out("wrote \(path): \(labels.count) label\(labels.count == 1 ? "" : "s") (\(loaded.map(\.certificate.certificateID).joined(separator: ", ")))")
    }
}
