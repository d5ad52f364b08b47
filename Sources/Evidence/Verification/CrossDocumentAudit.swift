import Foundation
import StorageModel

/// Checks across the documents of a verified set, on the facts each document type's rules read
/// from signed content (documents whose signature did not verify are not believed):
///
/// - **Claims** (problems of the disposal record): each `wipe_certificates[]` entry must match
///   the certificate it names — its SHA-256 and its result — when that certificate is in the set.
/// - **Findings** (reported apart; not failures unless `--strict`):
///   `double-disposal` — an asset with more than one disposal record not superseded by a later
///   one; `release-without-passed-certificate` — a route that puts the device back into use
///   (reuse, resale, donation, preparation for reuse) on an override, without a passed
///   certificate for every device named; `attempt-after-disposal` — a wipe attempt of the asset
///   started after its (current) disposal was recorded; `device-under-two-assets` — the same
///   medium (serial, else WWN) certified under two asset IDs.
enum CrossDocumentAudit {
    static func apply(to report: inout VerificationReport) {
        checkClaims(&report.documents)
        report.findings = findings(report.documents)
    }

    /// Disposal records' certificate claims against the certificates in the set.
    static func checkClaims(_ documents: inout [DocumentVerdict]) {
        var certificates: [String: DocumentVerdict] = [:]
        for d in documents where d.documentType == WipeCertificate.documentType && d.signatureVerified {
            if let id = d.documentID { certificates[id] = d }
        }
        for i in documents.indices {
            guard let claims = documents[i].facts?.disposal?.certificates else { continue }
            for claim in claims {
                guard let certificate = certificates[claim.certificateID] else { continue }
                if certificate.sha256 != claim.sha256 {
                    documents[i].problems.append("wipe_certificates: \(claim.certificateID) is named with SHA-256 \(claim.sha256.prefix(12))…, but the certificate in the set has \(certificate.sha256?.prefix(12) ?? "?")…")
                }
                if certificate.result != claim.result.rawValue {
                    documents[i].problems.append("wipe_certificates: \(claim.certificateID) is named as \(claim.result.rawValue), but the certificate says \(certificate.result ?? "?")")
                }
            }
        }
    }

    static func findings(_ documents: [DocumentVerdict]) -> [AuditFinding] {
        let believed = documents.filter { $0.signatureVerified && $0.facts != nil }
        let disposals = believed.filter { $0.facts?.disposal != nil }
        let certificates = believed.filter { $0.documentType == WipeCertificate.documentType }
        let superseded = Set(disposals.compactMap { $0.facts?.disposal?.supersedes })
        func id(_ d: DocumentVerdict) -> String { d.documentID ?? d.path }
        var out: [AuditFinding] = []

        var currentByAsset: [String: [DocumentVerdict]] = [:]
        for d in disposals where !superseded.contains(id(d)) {
            if let asset = d.facts?.assetID { currentByAsset[asset, default: []].append(d) }
        }
        for (asset, records) in currentByAsset.sorted(by: { $0.key < $1.key }) where records.count > 1 {
            let ids = records.map(id).sorted()
            out.append(AuditFinding(code: "double-disposal",
                                    message: "asset \(asset) has \(records.count) disposal records (\(ids.joined(separator: ", "))), none superseding the other (expunge dispose --supersedes)",
                                    documents: ids))
        }
        for d in disposals.sorted(by: { id($0) < id($1) }) where !superseded.contains(id(d)) {
            guard let f = d.facts?.disposal, f.releasesForReuse, f.mediaDestroyedReference == nil, let reason = f.overrideReason else { continue }
            let passed = !f.certificates.isEmpty && f.certificates.allSatisfy { $0.result == .passed }
            if !passed {
                out.append(AuditFinding(code: "release-without-passed-certificate",
                                        message: "\(id(d)): asset \(d.facts?.assetID ?? "?") released for \(f.route) without a passed certificate for every device, on the override \"\(reason)\"",
                                        documents: [id(d)]))
            }
        }
        for (asset, records) in currentByAsset.sorted(by: { $0.key < $1.key }) {
            guard let first = records.compactMap({ r in r.issuedAt.map { (r, $0) } }).min(by: { $0.1 < $1.1 }) else { continue }
            for c in certificates where c.facts?.assetID == asset {
                if let started = c.facts?.attemptStartedAt, started > first.1 {
                    out.append(AuditFinding(code: "attempt-after-disposal",
                                            message: "\(id(c)): a wipe attempt of asset \(asset) started \(Timestamp.rfc3339(started)), after its disposal \(id(first.0)) was recorded (\(Timestamp.rfc3339(first.1)))",
                                            documents: [id(c), id(first.0)]))
                }
            }
        }
        var assetsByDevice: [String: [String: [String]]] = [:]
        for c in certificates {
            guard let key = c.facts?.deviceKey, let asset = c.facts?.assetID else { continue }
            assetsByDevice[key, default: [:]][asset, default: []].append(id(c))
        }
        for (device, assets) in assetsByDevice.sorted(by: { $0.key < $1.key }) where assets.count > 1 {
            let names = assets.keys.sorted()
            let ids = assets.values.flatMap { $0 }.sorted()
            out.append(AuditFinding(code: "device-under-two-assets",
                                    message: "device \(device) is certified under \(names.count) assets (\(names.joined(separator: ", "))): \(ids.joined(separator: ", "))",
                                    documents: ids))
        }
        return out
    }
}
