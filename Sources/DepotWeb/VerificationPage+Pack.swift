import Evidence
import Foundation
import Records
import Reports
import StorageModel

/// `POST /verify` with an evidence pack: the same check as `expunge verify PACK.zip`, against what
/// the depot trusts (its own certificate and the pinned certificate of every active station),
/// never against the pack's own `trust-anchor.pem`. Nothing is stored: the upload is written to
/// a private temporary file for the extractor and removed.
extension VerificationPage {
    /// The largest pack the page takes (a year of a busy depot is a few MiB; bigger packs are
    /// checked offline with `expunge verify`).
    public static let packFileLimit = 32 << 20
    public static let packBodyLimit = packFileLimit + 64 * 1024

    public func uploadedPack(_ zip: [UInt8]) async throws -> WebPage {
        guard zip.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            return problem(status: 400, heading: "Not an evidence pack", message: "the uploaded file is not a ZIP archive",
                           remedy: "Upload the .zip that `expunge report evidence-pack` or `expunge-depot report evidence-pack` wrote, unchanged.")
        }
        var anchors = depotCertificatePEM.map { X509Certificate.loadAll(pem: $0) } ?? []
        var trusted: [String] = depotCertificatePEM == nil ? [] : ["the depot's certificate"]
        var stationCount = 0
        for station in try await check.archive.stations() where station.state == .active {
            if let pem = station.certificatePEM, let certificate = X509Certificate.load(pem: Array(pem.utf8)) {
                anchors.append(certificate)
                stationCount += 1
            }
        }
        trusted.append("\(stationCount) enrolled station\(stationCount == 1 ? "" : "s") not revoked")
        guard !anchors.isEmpty else {
            return problem(status: 409, heading: "Nothing to check against", message: "this depot has no key and no enrolled station yet",
                           remedy: "Check the pack offline with `expunge verify PACK.zip --trust CA.pem`.")
        }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-upload-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        guard FileManager.default.createFile(atPath: file.path, contents: Data(zip), attributes: [.posixPermissions: 0o600]) else {
            throw ExpungeError(.failed, "cannot write the upload to \(file.path)", remedy: "check the depot's TMPDIR")
        }
        let verdict: EvidencePack.Verdict
        do {
            verdict = try EvidencePack.verify(pack: file, trust: TrustStore(anchors: anchors))
        } catch let e as ExpungeError where e.exitStatus == .badInput {
            // The extractor names the file it read: the depot's temporary path, not the visitor's.
            return problem(status: 400, heading: "Evidence pack not readable", message: e.message.replacingOccurrences(of: file.path, with: "the uploaded file"),
                           remedy: e.remedy ?? "Upload the pack as it was made, unchanged.")
        }
        return WebPage(status: 200, html: WebTemplates.render(Self.packContext(verdict, trusted: trusted), "pack"))
    }

    static func packContext(_ verdict: EvidencePack.Verdict, trusted: [String]) -> [String: Any] {
        let report = verdict.documents
        let bad = report.documents.filter { !$0.isValid }
        var c: [String: Any] = ["title": "Uploaded evidence pack", "heading": "Uploaded evidence pack"]
        c["verdictTone"] = verdict.isValid ? "passed" : "failed"
        c["verdictHeadline"] = verdict.isValid ? "Valid: signed, complete and unchanged" : "NOT valid: do not rely on this pack"
        c["verdictDetail"] = verdict.isValid
            ? "The manifest is signed by a certificate this depot trusts, every file is listed with its SHA-256 and unchanged, and every document verifies. What each certificate says is in the list below."
            : "At least one check below fails. The pack is not what its signer made, or it was not signed by anyone this depot trusts."
        func line(_ name: String, _ passed: Bool?, _ detail: String) -> [String: Any] {
            ["name": name, "detail": HTMLText.shown(detail), "tone": passed.map { $0 ? "passed" : "failed" } ?? "caution",
             "mark": passed.map { $0 ? "✓" : "✗" } ?? "!"]
        }
        var checks: [[String: Any]] = []
        checks.append(line("Manifest", verdict.manifestProblems.isEmpty,
                           verdict.manifestProblems.isEmpty ? "signed, and lists every file with its SHA-256; nothing missing, altered or added"
                               : verdict.manifestProblems.joined(separator: "; ")))
        checks.append(line("Documents", bad.isEmpty && !report.documents.isEmpty,
                           report.documents.isEmpty ? "the pack holds no certificate or disposal record"
                               : bad.isEmpty ? "all \(report.documents.count) verify" : "\(bad.count) of \(report.documents.count) do not verify"))
        for chain in report.chains {
            checks.append(line("Chain of \(chain.station)", chain.problems.isEmpty,
                               chain.problems.isEmpty ? "\(chain.documents) document(s), sequences \(chain.firstSequence)–\(chain.lastSequence), links intact"
                                   : chain.problems.joined(separator: "; ")))
        }
        if !report.inputProblems.isEmpty { checks.append(line("Files", false, report.inputProblems.joined(separator: "; "))) }
        checks.append(line("Trusted signers", nil, trusted.joined(separator: " and ") + " (the pack's own trust-anchor.pem is not used)"))
        c["checks"] = checks
        c["documentCount"] = report.documents.count
        c["documents"] = report.documents.map { d -> [String: Any] in
            var row: [String: Any] = ["id": HTMLText.shown(d.documentID ?? d.path), "kind": HTMLText.shown(d.documentType ?? "document"),
                                      "station": HTMLText.shown(d.station ?? "?"), "tone": d.isValid ? "passed" : "failed",
                                      "mark": d.isValid ? "✓" : "✗", "problems": d.problems.map(HTMLText.shown)]
            if let result = d.result { row["result"] = HTMLText.shown(result) }
            return row
        }
        c["hasFindings"] = !report.findings.isEmpty
        c["findings"] = report.findings.map { HTMLText.shown("\($0.code): \($0.message)") }
        c["offline"] = "The pack is the evidence; this page only reads it. Offline: `expunge verify PACK.zip --trust CA.pem` makes the same checks "
            + "against the certificate you trust, and prints `valid` on its last line only when the manifest and every document are."
        return c
    }
}
