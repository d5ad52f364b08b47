import Evidence
import Foundation
import Records
import StorageModel

/// One document per asset, for the customer: every storage device's latest wipe attempt and the
/// asset's current disposal record, all from verified signed documents. The asset's status uses
/// the same rules as `expunge asset show` (`AssetLifecycle`), applied to those documents only.
public enum AssetSummaryLayout {
    /// A disposal record file that verified, decoded.
    public struct LoadedDisposal: Sendable {
        public let record: DisposalRecord
        public let verified: VerifiedDocument

        public init(record: DisposalRecord, verified: VerifiedDocument) {
            self.record = record
            self.verified = verified
        }
    }

    /// `certificates`: every verified certificate of the asset (earlier attempts included: only
    /// each device's latest is listed); `disposals`: every verified disposal record of the asset.
    public static func document(assetID: String, certificates: [CertificateRendering.Loaded], disposals: [LoadedDisposal],
                                paper: Paper, generatedAt: String) -> PageDocument {
        let entries = certificates.map { CertificateIndexEntry($0.certificate, sha256: $0.verified.sha256, path: $0.verified.name) }
        let latestEntries = AssetLifecycle.latestPerDevice(entries)
        let latest = latestEntries.compactMap { e in certificates.first { $0.verified.sha256 == e.sha256 } }
            .sorted { ($0.certificate.startedAt, $0.certificate.certificateID) < ($1.certificate.startedAt, $1.certificate.certificateID) }
        let disposalEntries = disposals.map { DisposalIndexEntry($0.record, sha256: $0.verified.sha256, path: $0.verified.name) }
        let current = AssetLifecycle.current(disposalEntries)
        let currentDisposals = disposals.filter { d in current.contains { $0.sha256 == d.verified.sha256 } }
            .sorted { ($0.record.disposedOn, $0.record.issuedAt) < ($1.record.disposedOn, $1.record.issuedAt) }
        // The awaiting-destruction mark is not a signed fact: the status here is the signed documents' alone.
        let status = AssetLifecycle.status(certificates: entries, disposals: disposalEntries, markedAwaitingDestruction: false)

        let named = certificates.last { $0.certificate.customer != nil }?.certificate
        let customer = named.map { c in c.customerName.map { "\($0) (\(c.customer ?? ""))" } ?? c.customer ?? "" }
            ?? currentDisposals.last?.record.asset.customer
        let stations = Set(certificates.map(\.certificate.station.name) + disposals.map(\.record.station.name)).sorted()
        var blocks: [Block] = [
            .title("Asset sanitization summary", subtitle: "Asset \(assetID)" + (customer.map { " · customer \($0)" } ?? "")
                   + (stations.isEmpty ? "" : " · station\(stations.count == 1 ? "" : "s") \(stations.joined(separator: ", "))")),
            banner(latest: latestEntries, status: status),
        ]
        if let snapshot = currentDisposals.last?.record.asset {
            blocks.append(.section(Section("Asset", [
                Field("Asset", snapshot.assetID),
                Field("Description", [snapshot.manufacturer, snapshot.model, snapshot.category].compactMap { $0 }.joined(separator: " · ").nilIfEmpty ?? "not recorded"),
                Field("Serial number", snapshot.serial ?? "not recorded"),
                Field("Status", status.rawValue, tone: statusTone(status)),
            ])))
        } else {
            blocks.append(.section(Section("Asset", [Field("Asset", assetID), Field("Status", status.rawValue, tone: statusTone(status))])))
        }
        let rows: [[Cell]] = latest.map { l in
            let c = l.certificate
            return [Cell(c.certificateID), Cell(c.result.rawValue, tone: Tone(c.result)),
                    Cell([c.device.model, c.device.serial.map { "S/N \($0)" }].compactMap { $0 }.joined(separator: " · ").nilIfEmpty ?? c.device.path),
                    Cell(c.device.capacity.decimalDescription),
                    Cell("\(c.sanitization.level.rawValue) / \(c.sanitization.method)" + ((c.scope?.wholeDevice ?? true) ? "" : " (part of the drive)")),
                    Cell("\(c.verification.mode.rawValue) \(CertificateLayout.percent(c.verification.coverage))"),
                    Cell(String(c.endedAt.prefix(10)))]
        }
        blocks.append(.section(Section("Storage devices", [])))
        if rows.isEmpty {
            blocks.append(.paragraph("No wipe certificate names this asset.", small: false))
        } else {
            blocks.append(.table(Table(headers: ["Certificate", "Result", "Device", "Capacity", "Level / method", "Verification", "Ended"],
                                       widths: [1.6, 0.8, 2.2, 0.8, 1.4, 1.1, 0.9], rows: rows)))
        }
        let earlier = certificates.count - latest.count
        if earlier > 0 {
            blocks.append(.paragraph("\(earlier) earlier attempt\(earlier == 1 ? "" : "s") on these devices \(earlier == 1 ? "is" : "are") not listed: "
                                     + "each device's latest attempt decides. Every attempt has its own signed certificate.", small: true))
        }
        for d in currentDisposals { blocks.append(.section(disposalSection(d.record))) }
        if currentDisposals.isEmpty { blocks.append(.paragraph("No disposal record: where the asset goes has not been recorded.", small: false)) }

        let records = latest.map { ($0.certificate.certificateID, $0.verified.sha256) } + currentDisposals.map { ($0.record.recordID, $0.verified.sha256) }
        blocks.append(.table(Table(headers: ["Signed record", "SHA-256 of the signed file"], widths: [1, 2.6],
                                   rows: records.map { [Cell($0.0), Cell($0.1, monospaced: true)] })))
        let signers = Set(certificates.map(\.verified.signer) + disposals.map(\.verified.signer)).sorted()
        let fingerprints = Set(certificates.map(\.verified.signerFingerprint) + disposals.map(\.verified.signerFingerprint)).sorted()
        return PageDocument(
            title: "Asset \(assetID) sanitization summary", date: generatedAt, pageSize: paper.size, blocks: blocks,
            footer: Footer(facts: [Field("Signed by", signers.joined(separator: "; ")),
                                   Field("Signer certificate SHA-256", fingerprints.joined(separator: "\n"), monospaced: true)],
                           qrText: nil,
                           instructions: "This summary is a rendering of the signed records listed above, which are the evidence. Check each "
                               + "offline: its file's SHA-256 (sha256sum) must equal the one listed, and `expunge verify FILE --trust CA.pem` must succeed."))
    }

    static func banner(latest: [CertificateIndexEntry], status: LifecycleStatus) -> Block {
        let n = latest.count
        if latest.isEmpty { return .banner(headline: "NO WIPE ATTEMPT RECORDED", detail: "No storage device of this asset has a certificate.", tone: .caution) }
        let notPassed = latest.filter { $0.result != .passed }
        if notPassed.isEmpty {
            let notCovered = AssetLifecycle.notCoveringTheirDrive(latest)
            if notCovered.isEmpty {
                return .banner(headline: "ALL \(n) DEVICE\(n == 1 ? "" : "S") PASSED", detail: "Each storage device's latest attempt passed and covered its whole drive.", tone: .passed)
            }
            return .banner(headline: "INCOMPLETE: part of a drive is not covered",
                           detail: notCovered.map { "\($0.certificateID) covers one namespace only" }.joined(separator: "; "), tone: .caution)
        }
        let failed = notPassed.contains { $0.result == .failed }
        return .banner(headline: "NOT SANITIZED: \(notPassed.count) of \(n) device\(n == 1 ? "" : "s") did not pass \(n == 1 ? "its" : "their") latest attempt",
                       detail: notPassed.map { "\($0.certificateID): \($0.result.rawValue)" }.joined(separator: "; "), tone: failed ? .failed : .caution)
    }

    static func statusTone(_ s: LifecycleStatus) -> Tone {
        switch s {
        case .sanitized: .passed
        case .sanitizationFailed: .failed
        case .sanitizationIncomplete, .recovered, .awaitingDestruction: .caution
        case .redeployed, .resold, .donated, .recycled, .destroyed: .neutral
        }
    }

    static func disposalSection(_ r: DisposalRecord) -> Section {
        var f = [
            Field("Record", "\(r.recordID), issued \(r.issuedAt)"),
            Field("Route", "\(r.route.rawValue) · waste status \(r.wasteStatus.rawValue) · ESRS treatment \(r.esrsTreatment.rawValue)"),
            Field("Recipient", r.recipient.name + (r.recipient.certification.map { " · \($0.rawValue)" } ?? "") + (r.recipient.certificationID.map { " \($0)" } ?? "")),
            Field("Disposed on", r.disposedOn),
            Field("Weight", "\(r.weightKg) kg (\(r.weightSource.rawValue))" + (r.weeeCategory.map { " · WEEE category \($0)" } ?? "")
                  + (r.ewcCode.map { " · EWC \($0)\(r.hazardous ? " (hazardous)" : "")" } ?? "")),
        ]
        if let t = r.transferNote { f.append(Field("Transfer note", t)) }
        if !r.wipeCertificates.isEmpty {
            f.append(Field("Certificates named", r.wipeCertificates.map { "\($0.certificateID): \($0.result)" }.joined(separator: "; ")))
        }
        if let m = r.mediaDestroyedReference { f.append(Field("Media destroyed", m)) }
        if let o = r.overrideReason { f.append(Field("Override", o, tone: .caution)) }
        if let s = r.supersedes { f.append(Field("Supersedes", "\(s): \(r.supersessionReason ?? "")")) }
        return Section("Disposal", f)
    }
}
