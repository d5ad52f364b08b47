import ArgumentParser
import Evidence
import Foundation
import Records
import Rendering
import StorageModel

/// `expunge certificate pdf`: a PDF of each signed certificate, or one summary per asset.
struct CertificatePDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Render certificates (or an asset's summary) as PDF, from documents that verify.",
        discussion: """
        Each certificate is verified first — signature, signer chain, schema and rules — against \
        --trust (default: the station's own trust anchor); one that does not verify is refused \
        (exit status 65) and nothing is written for it. A page shows the result in words and \
        colour (green only for passed; red for failed; amber for aborted, interrupted, \
        unverified), the device, level and technique, verification, errors, scope and hidden \
        areas, and a footer with the SHA-256 of the signed JSON, the signer certificate's \
        fingerprint and a QR code (BASE/verify/<id>?sha256=<hex> with --verify-url, else the \
        SHA-256). The same document always renders to the same bytes. With --asset, one \
        summary of the asset: each storage device's latest attempt and the current disposal \
        record, from the record index's files, each verified. The PDF is a rendering; the \
        signed JSON is the record.
        """
    )

    @Argument(help: "Certificate files (X.json, with X.p7s beside it).")
    var files: [String] = []

    @Option(name: .long, help: "Render the summary of this asset instead (every device's latest certificate and the disposal record).")
    var asset: String?

    @Option(name: .long, help: "Paper size: a4 or letter.")
    var paper: Paper = .a4

    @Flag(name: .long, help: "Print what was written as JSON.")
    var json = false

    @OptionGroup var pdf: PDFOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if files.isEmpty && asset == nil { throw ValidationError("name certificate files, or --asset ID") }
        if !files.isEmpty && asset != nil { throw ValidationError("give either certificate files or --asset, not both") }
    }

    struct Written: Encodable {
        let pdf: String
        let documents: [Document]
    }

    struct Document: Encodable {
        let id: String
        let sha256: String
        let result: String
    }

    func run() async throws {
        let home = global.resolvedHome
        let rendering = CertificateRendering(verifier: try pdf.verifier(home: home), paper: paper, verifyURL: pdf.verifyURL)
        let target = try pdf.target()
        var written: [Written] = []
        if let asset {
            written.append(try await summary(asset, rendering: rendering, target: target))
        } else {
            // Every file is verified before anything is written (on every core).
            let loaded = try rendering.loadAll(files)
            switch target {
            case .file(let path):
                try PDFOptions.write(try rendering.pdf(loaded), to: path)
                written.append(Written(pdf: path, documents: loaded.map(Self.document)))
            case .directory(let dir):
                for (l, bytes) in zip(loaded, try rendering.pdfs(loaded)) {
                    let path = PDFOptions.path(dir, PDFOptions.fileName(l.certificate.certificateID))
                    try PDFOptions.write(bytes, to: path)
                    written.append(Written(pdf: path, documents: [Self.document(l)]))
                }
            }
        }
        if json { Console.out(try PrettyJSON.encode(written)); return }
        for w in written {
            Console.out("wrote \(w.pdf): " + w.documents.map { "\($0.id) (\($0.result))" }.joined(separator: ", "))
        }
    }

    static func document(_ l: CertificateRendering.Loaded) -> Document {
        Document(id: l.certificate.certificateID, sha256: l.verified.sha256, result: l.certificate.result.rawValue)
    }

    func summary(_ asset: String, rendering: CertificateRendering, target: PDFOptions.Target) async throws -> Written {
        let store = try await global.completeStore()
        let certificates = try await store.certificates(assetID: asset), disposals = try await store.disposals(assetID: asset)
        let registered = try await store.asset(asset)
        if certificates.isEmpty && disposals.isEmpty && registered == nil {
            throw ExpungeError(.badInput, code: "unknown-asset", "no asset \(DisplayString.sanitize(asset) ?? "?")", remedy: "list assets with `expunge asset list`")
        }
        let loaded = try certificates.map { e throws(ExpungeError) in try Self.checked(rendering.load(e.path), sha256: e.sha256, path: e.path) }
        let loadedDisposals = try disposals.map { d throws(ExpungeError) in
            let v = try VerifiedDocument.load(path: d.path, verifier: rendering.verifier)
            guard v.sha256 == d.sha256 else { throw Self.changed(d.path) }
            return AssetSummaryLayout.LoadedDisposal(record: try v.disposalRecord(), verified: v)
        }
        let document = AssetSummaryLayout.document(assetID: asset, certificates: loaded, disposals: loadedDisposals, paper: rendering.paper,
                                                   generatedAt: Timestamp.rfc3339(Date()))
        let path: String
        switch target {
        case .file(let p): path = p
        case .directory(let dir): path = PDFOptions.path(dir, PDFOptions.fileName(asset, suffix: "-summary"))
        }
        try PDFOptions.write(try PDFRenderer.render([document]), to: path)
        return Written(pdf: path, documents: loaded.map(Self.document) + loadedDisposals.map {
            Document(id: $0.record.recordID, sha256: $0.verified.sha256, result: $0.record.route.rawValue)
        })
    }

    /// The index's file must still be the one it indexed.
    static func checked(_ l: CertificateRendering.Loaded, sha256: String, path: String) throws(ExpungeError) -> CertificateRendering.Loaded {
        guard l.verified.sha256 == sha256 else { throw changed(path) }
        return l
    }

    static func changed(_ path: String) -> ExpungeError {
        ExpungeError(.badInput, code: "index-mismatch", "\(DisplayString.sanitize(path) ?? "?") is not the file the record index holds (its SHA-256 differs)",
                     remedy: "run `expunge verify` on the ledger, then `expunge records rebuild`")
    }
}
