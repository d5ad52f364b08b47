import Evidence
import Foundation
import StorageModel

/// Prints one certificate from its signed file: the certificate PDF (`<ID>.pdf`) and its label
/// (`<ID>-label.pdf`) in a directory. The file is verified first and must be the one the ledger
/// entry names (same SHA-256): a document that does not verify is never rendered. Files are
/// written whole or not at all (temporary file, `fsync`, rename).
public struct CertificatePaperwork: Sendable {
    public let verifier: DocumentVerifier
    public let directory: String

    public init(verifier: DocumentVerifier, directory: String) {
        self.verifier = verifier
        self.directory = directory
    }

    /// Writes what is asked for; returns the paths written (PDF first).
    public func write(documentPath: String, sha256: String, paper: Paper?, label: LabelStock?, verifyURL: String?) throws(ExpungeError) -> [String] {
        let rendering = CertificateRendering(verifier: verifier, paper: paper ?? .a4, verifyURL: verifyURL)
        let loaded = try rendering.load(documentPath)
        guard loaded.verified.sha256 == sha256 else {
            throw ExpungeError(.badInput, code: "index-mismatch", "\(DisplayString.sanitize(documentPath) ?? "?") is not the certificate that was written (its SHA-256 differs)",
                               remedy: "run `expunge verify` on the ledger")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ExpungeError(.failed, "cannot create \(directory): \(error.localizedDescription)", remedy: "check the permissions and free space of the home directory")
        }
        let id = loaded.certificate.certificateID
        var written: [String] = []
        if paper != nil {
            let path = directory + "/" + Self.fileName(id) + ".pdf"
            try OutputFile.write(try rendering.pdf([loaded]), to: path)
            written.append(path)
        }
        if let label {
            let bytes = try LabelLayout.pdf([LabelLayout.label(loaded.certificate, verified: loaded.verified, verifyURL: verifyURL)],
                                            stock: label, title: "Label: \(id)", date: loaded.certificate.issuedAt)
            let path = directory + "/" + Self.fileName(id) + "-label.pdf"
            try OutputFile.write(bytes, to: path)
            written.append(path)
        }
        return written
    }

    /// A file name from a certificate ID: characters other than ASCII letters, digits, `.`, `-`
    /// and `_` become `_`, and no leading dot.
    public static func fileName(_ id: String) -> String {
        let safe = String(id.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) ? Character($0) : "_" })
        return safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
    }
}
