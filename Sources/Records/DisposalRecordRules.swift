import Evidence
import Foundation
import StorageModel

/// What `expunge verify` enforces on a disposal record beyond its signature, and what the
/// cross-document audit reads from it. Registered in `DocumentTypeRegistry.records`.
public enum DisposalRecordRules {
    /// The registry entry: `disposal-record`, schema version 1.
    public static let type = SignedDocumentType.decoding(
        DisposalRecord.self, documentType: DisposalRecord.documentType, schemaVersions: [DisposalRecord.schemaVersion], idKey: "record_id"
    ) { r in DocumentCheck(problems: problems(r), facts: facts(r)) }

    /// Routes that put the device back into someone's use (as opposed to material recovery).
    public static let reuseRoutes: Set<DisposalRoute> = [.reuse, .resale, .donation, .preparationForReuse]

    public static func facts(_ r: DisposalRecord) -> DocumentFacts {
        DocumentFacts(assetID: r.asset.assetID, disposal: DisposalFacts(
            route: r.route.rawValue, releasesForReuse: reuseRoutes.contains(r.route), overrideReason: r.overrideReason,
            mediaDestroyedReference: r.mediaDestroyedReference, disposedOn: r.disposedOn, supersedes: r.supersedes,
            certificates: r.wipeCertificates.map { .init(certificateID: $0.certificateID, sha256: $0.sha256, result: $0.result) }))
    }

    public static func problems(_ r: DisposalRecord) -> [String] {
        var p: [String] = []
        if r.schemaVersion != DisposalRecord.schemaVersion { p.append("unsupported schema_version \(r.schemaVersion)") }
        if r.recordID != LedgerPosition.documentID(station: r.station.name, sequence: r.sequence) {
            p.append("record_id \(r.recordID) does not match station \(r.station.name) and sequence \(r.sequence)")
        }
        if (r.sequence == 1) != (r.previousSHA256 == nil) { p.append("previous_sha256 does not fit sequence \(r.sequence)") }
        if !AssetRecord.plausibleWeightKg.contains(r.weightKg) { p.append("weight_kg \(r.weightKg) is not plausible") }
        if let code = r.ewcCode {
            if ComplianceReference.ewcCodes[code] == nil { p.append("unknown EWC code \(code)") }
            if r.hazardous != ComplianceReference.isHazardous(ewcCode: code) { p.append("hazardous does not follow EWC code \(code)") }
        } else if r.hazardous {
            p.append("hazardous without an EWC code")
        }
        if let w = r.weeeCategory, ComplianceReference.weeeCategories[w] == nil { p.append("WEEE category \(w) is not 1–6") }
        if r.esrsTreatment != r.route.esrsTreatment { p.append("esrs_treatment does not follow route \(r.route.rawValue)") }
        if r.route.releasesDevice && r.mediaDestroyedReference == nil && r.overrideReason == nil {
            if r.wipeCertificates.isEmpty || !r.wipeCertificates.allSatisfy({ $0.result == .passed }) {
                p.append("route \(r.route.rawValue) releases the device without passed certificates, destroyed media or an override reason")
            }
        }
        if !CalendarDate.isValid(r.disposedOn) { p.append("disposed_on is not a date (YYYY-MM-DD)") }
        if (r.supersedes == nil) != (r.supersessionReason?.trimmingSpaces().isEmpty ?? true) {
            p.append("supersedes and supersession_reason go together")
        }
        if let s = r.supersedes, s == r.recordID { p.append("the record supersedes itself") }
        return p
    }
}

extension DocumentTypeRegistry {
    /// Wipe certificates and disposal records.
    public static let records = DocumentTypeRegistry.core.adding(DisposalRecordRules.type)
}
