import Depot
import Evidence
import Foundation
import Records
import Rendering
import StorageModel

extension ConsolePages {
    /// The certificate's PDF, as the station prints it (QR code to `verifyBase/verify/ID?sha256=…`),
    /// rendered from the depot's copy only after it verified against the pin of the station that
    /// pushed it. Nil when the depot holds no certificate with this ID; throws (`not-genuine`)
    /// when its copy does not verify: no PDF is made of it.
    public func certificatePDF(id: String, verifyBase: String) async throws -> [UInt8]? {
        guard let document = try await archive.document(id: id), document.kind == .wipeCertificate else { return nil }
        guard let station = try await archive.station(named: document.station), let pem = station.certificatePEM,
              let pinned = X509Certificate.load(pem: Array(pem.utf8)), pinned.fingerprintSHA256 == station.certificateSHA256 else {
            throw ExpungeError(.failed, code: "no-station-pin", "the depot holds no usable enrolled certificate for station \(document.station)",
                               remedy: "the certificate cannot be checked here; verify the station's signed file offline")
        }
        let verifier = DocumentVerifier(trust: TrustStore(pinning: pinned), registry: .records)
        let verified = try VerifiedDocument.check(document: document.document, signature: document.signature, name: "\(id).json", verifier: verifier)
        let rendering = CertificateRendering(verifier: verifier, verifyURL: verifyBase)
        return try rendering.pdf([CertificateRendering.Loaded(certificate: try verified.certificate(), verified: verified)])
    }
}
