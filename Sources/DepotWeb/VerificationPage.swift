import Depot
import Evidence
import Foundation
import Records
import Rendering
import StorageModel

/// `/verify` and `/verify/{id}`: the public verification page (no sign-in), the target of the QR
/// code on a certificate. It says whether the depot holds the document and whether it is genuine
/// — checked again on every request — and then what the certificate says, in the same words as
/// its PDF, without personal data (operator and customer are left out, and the page says so).
public struct VerificationPage: Sendable {
    public let check: CertificateCheck
    /// The depot's own certificate (PEM), which signs the evidence packs the depot makes; nil
    /// when the depot has no key (then only packs signed by an enrolled station verify).
    public let depotCertificatePEM: [UInt8]?

    public init(check: CertificateCheck, depotCertificatePEM: [UInt8]? = nil) {
        self.check = check
        self.depotCertificatePEM = depotCertificatePEM
    }

    /// The largest file an upload may carry (a signed document's limit), and the whole body.
    public static let uploadFileLimit = max(DocumentLimits.maxDocumentBytes, DocumentLimits.maxSignatureBytes)
    public static let uploadBodyLimit = DocumentLimits.maxDocumentBytes + DocumentLimits.maxSignatureBytes + 64 * 1024

    /// The page for `id`, with the SHA-256 the visitor holds (from the QR code) if any.
    public func page(id rawID: String, sha256 rawSHA: String?) async throws -> WebPage {
        guard let id = Self.validID(rawID) else {
            return problem(status: 400, heading: "Not a certificate ID", message: "“\(HTMLText.shown(String(rawID.prefix(80))))” is not a certificate ID",
                           remedy: "A certificate ID looks like STATION-1-000042: letters, digits, dots, dashes and underscores.")
        }
        let sha = rawSHA.flatMap { $0.isEmpty ? nil : $0 }
        if let sha, !Self.isSHA256(sha) {
            return problem(status: 400, heading: "Certificate \(id)", message: "the sha256 in the link is not a SHA-256 (64 hexadecimal digits)",
                           remedy: "Scan the QR code again, or open /verify/\(id) without it.")
        }
        let result = try await check.check(id: id, heldSHA256: sha)
        return WebPage(status: result.verdict == .unknown ? 404 : 200, html: WebTemplates.render(context(result), "verify"))
    }

    /// A certificate uploaded by a visitor (its `.json` and `.p7s`): checked against the pin of
    /// the station it names and compared with the depot's copy; nothing is stored.
    public func uploaded(document: [UInt8]?, signature: [UInt8]?) async throws -> WebPage {
        guard let document, !document.isEmpty, let signature, !signature.isEmpty else {
            return lookup(problem: "Choose both files: the certificate (.json) and its signature (.p7s)")
        }
        let result = try await check.check(upload: document, signature: signature)
        var c = context(result)
        c["heading"] = "Uploaded: \(HTMLText.shown(result.id))"
        c["title"] = "Uploaded certificate"
        c["uploaded"] = true
        return WebPage(status: 200, html: WebTemplates.render(c, "verify"))
    }

    /// The form to type a certificate ID (the page the header links to).
    public func lookup(problem: String? = nil, id: String = "", sha256: String = "") -> WebPage {
        var context: [String: Any] = ["title": "Verify a certificate", "id": HTMLText.shown(id), "sha256": HTMLText.shown(sha256),
                                      "packLimit": "\(Self.packFileLimit >> 20) MiB"]
        if let problem { context["problem"] = problem }
        return WebPage(status: problem == nil ? 200 : 400, html: WebTemplates.render(context, "lookup"))
    }

    func problem(status: Int, heading: String, message: String, remedy: String) -> WebPage {
        WebPage(status: status, html: WebTemplates.render(["title": heading, "heading": heading, "tone": "failed", "message": message, "remedy": remedy],
                                                         "problem"))
    }

    // MARK: The page's words

    func context(_ r: CertificateCheck.Result) -> [String: Any] {
        var c: [String: Any] = ["title": "Certificate \(r.id)", "heading": "Certificate \(HTMLText.shown(r.id))"]
        switch r.verdict {
        case .unknown:
            c["verdictTone"] = "caution"
            c["verdictHeadline"] = "This depot holds no certificate \(r.id)"
            c["verdictDetail"] = "Either the station has not sent it yet, the ID is mistyped, or it was never issued. "
                + "Nothing here proves it genuine or not: check the signed file itself (below), or ask the depot that issued it."
        case .notGenuine:
            c["verdictTone"] = "failed"
            c["verdictHeadline"] = "NOT GENUINE: do not rely on this certificate"
            c["verdictDetail"] = r.receivedAt != nil ? "The depot holds a document with this ID, but at least one check below fails."
                : "The file you uploaded fails at least one check below."
        case .genuine:
            c["verdictTone"] = "passed"
            c["verdictHeadline"] = "Genuine: signed by an enrolled station and unchanged"
            c["verdictDetail"] = (r.receivedAt == nil
                ? "Your file verifies against the station's enrolled certificate; the depot does not hold it yet (see below). "
                : "Every check below holds. ") + "Whether the drive was sanitized is what the certificate says next, in its own colour."
        }
        c["hasChecks"] = !r.checks.isEmpty
        c["checks"] = r.checks.map { check -> [String: Any] in
            let tone = check.passed.map { $0 ? "passed" : "failed" } ?? "caution"
            let mark = check.passed.map { $0 ? "✓" : "✗" } ?? "!"
            return ["name": check.name, "detail": HTMLText.shown(check.detail), "tone": tone, "mark": mark]
        }
        if let certificate = r.certificate, let bytes = r.bytes, let verdict = r.documentVerdict,
           let verified = try? VerifiedDocument.verified(verdict, bytes: bytes, name: "\(r.id).json") {
            let layout = CertificateLayout.document(certificate, verified: verified, paper: .a4, verifyURL: nil,
                                                    extraSections: certificate.health.map { [HealthLayout.section($0)] } ?? [], personalData: false)
            var sections: [[String: Any]] = []
            for block in layout.blocks {
                switch block {
                case .banner(let headline, let detail, let tone):
                    var banner: [String: Any] = ["headline": HTMLText.shown(headline), "tone": tone.rawValue]
                    if let detail { banner["detail"] = HTMLText.shown(detail) }
                    c["result"] = banner
                case .section(let s):
                    sections.append(["title": s.title, "fields": s.fields.map { f -> [String: Any] in
                        ["label": f.label, "value": HTMLText.shown(f.value), "tone": f.tone.rawValue, "mono": f.monospaced]
                    }])
                case .title, .table, .paragraph:
                    break
                }
            }
            c["sections"] = sections
            c["signed"] = ["sha256": verified.sha256, "signer": HTMLText.shown(verified.signer), "fingerprint": verified.signerFingerprint,
                           "receivedAt": r.receivedAt ?? "not held: checked as uploaded, not stored"]
        }
        c["hasDisposals"] = !r.disposals.isEmpty
        c["disposals"] = r.disposals.map { d -> [String: Any] in
            var out: [String: Any] = ["id": d.recordID, "route": d.route.rawValue, "wasteStatus": d.wasteStatus.rawValue,
                                      "recipient": HTMLText.shown(d.recipient), "disposedOn": d.disposedOn]
            if let m = d.mediaDestroyedReference { out["destroyed"] = HTMLText.shown(m) }
            if let o = d.overrideReason { out["override"] = HTMLText.shown(o) }
            return out
        }
        let file = "\(r.id).json"
        c["offline"] = "The signed file is the evidence; this page only reads it. With the file and its signature: `sha256sum \(file)` must print the "
            + "SHA-256 printed on the certificate (and shown here for a genuine one); `expunge verify \(file) --trust CA.pem`, or `openssl cms -verify -binary -inform DER -in \(r.id).p7s -content \(file) "
            + "-CAfile CA.pem -purpose any`, must succeed (CA.pem: the station's certificate, from the depot's administrator)."
        return c
    }

    // MARK: Input

    /// A certificate ID as stations make them: 1–128 characters of letters, digits, `.`, `-`, `_`.
    static func validID(_ s: String) -> String? {
        guard (1...128).contains(s.utf8.count),
              s.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }),
              !s.hasPrefix(".") else { return nil }
        return s
    }

    static func isSHA256(_ s: String) -> Bool {
        s.utf8.count == 64 && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }
    }
}
