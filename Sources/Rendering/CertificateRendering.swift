import Evidence
import Foundation
import StorageModel

/// Wipe certificates read from their files, verified, and laid out: the entry point the command
/// line, the station console and the depot use.
public struct CertificateRendering: Sendable {
    public let verifier: DocumentVerifier
    public let paper: Paper
    /// The depot's base URL for the QR code (`BASE/verify/<id>?sha256=<hex>`); nil: the SHA-256 alone.
    public let verifyURL: String?

    public init(verifier: DocumentVerifier, paper: Paper = .a4, verifyURL: String? = nil) {
        self.verifier = verifier
        self.paper = paper
        self.verifyURL = verifyURL
    }

    /// A certificate file that verified, decoded.
    public struct Loaded: Sendable {
        public let certificate: WipeCertificate
        public let verified: VerifiedDocument

        /// A certificate decoded from a document that verified (`verified.certificate()`).
        public init(certificate: WipeCertificate, verified: VerifiedDocument) {
            self.certificate = certificate
            self.verified = verified
        }
    }

    /// Reads and verifies one certificate file; refuses one that does not verify.
    public func load(_ path: String) throws(ExpungeError) -> Loaded {
        let verified = try VerifiedDocument.load(path: path, verifier: verifier)
        return Loaded(certificate: try verified.certificate(), verified: verified)
    }

    public func page(_ loaded: Loaded) -> PageDocument {
        CertificateLayout.document(loaded.certificate, verified: loaded.verified, paper: paper, verifyURL: verifyURL,
                                   extraSections: loaded.certificate.health.map { [HealthLayout.section($0)] } ?? [])
    }

    /// One PDF holding one certificate per page (each on its own page or pages).
    public func pdf(_ loaded: [Loaded]) throws(ExpungeError) -> [UInt8] {
        let title = loaded.count == 1 ? "Certificate \(loaded[0].certificate.certificateID)" : "\(loaded.count) certificates of data sanitization"
        return try PDFRenderer.render(loaded.map(page), title: title)
    }
}

extension CertificateRendering {
    /// Reads and verifies files on every core; refuses the set if any does not verify (the first
    /// in `paths` order is reported).
    public func loadAll(_ paths: [String]) throws(ExpungeError) -> [Loaded] {
        let results = ParallelMap.run(paths.count) { i in Result { () throws(ExpungeError) in try load(paths[i]) } }
        return try results.map { r throws(ExpungeError) in try r.get() }
    }

    /// One PDF per certificate, rendered on every core. Each thread draws with its own canvas
    /// (cairo surface, Pango context on that thread's own font map), so the output is the same
    /// bytes as `pdf([l])` one by one.
    public func pdfs(_ loaded: [Loaded]) throws(ExpungeError) -> [[UInt8]] {
        let results = ParallelMap.run(loaded.count) { i in Result { () throws(ExpungeError) in try pdf([loaded[i]]) } }
        return try results.map { r throws(ExpungeError) in try r.get() }
    }
}
