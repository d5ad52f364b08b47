import Evidence
import Foundation
import StorageModel

/// The evidence-pack manifest as a signed document type (`evidence-manifest`; recognised by its
/// `pack` value, the manifest predating `document_type`): it decodes, names the pack format and
/// lists only relative paths. Its file checks (every listed file present and unaltered, nothing
/// unlisted) need the pack's folder and are made by `EvidencePack.verify(folder:…)`.
public enum EvidenceManifestRules {
    public static let type = SignedDocumentType.decoding(
        EvidencePack.Manifest.self, documentType: DocumentTypeRegistry.evidenceManifestType, schemaVersions: [1], idKey: nil
    ) { m in DocumentCheck(problems: problems(m), facts: nil) }

    public static func problems(_ m: EvidencePack.Manifest) -> [String] {
        var p: [String] = []
        if m.pack != "expunge-evidence-pack" { p.append("pack \(m.pack) is not an Expunge evidence pack") }
        for f in m.files where f.path.hasPrefix("/") || f.path.split(separator: "/").contains("..") {
            p.append("\(f.path): not a relative path inside the pack")
        }
        if Timestamp.parse(m.generatedAt) == nil { p.append("generated_at is not RFC 3339") }
        return p
    }
}

extension DocumentTypeRegistry {
    /// Everything Expunge signs: wipe certificates, disposal records, evidence-pack manifests.
    /// What `expunge verify` uses.
    public static let expunge = DocumentTypeRegistry.records.adding(EvidenceManifestRules.type)
}
