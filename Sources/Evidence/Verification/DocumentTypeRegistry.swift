/// The signed document types a verifier recognises, by `document_type`. `core` holds what the
/// `Evidence` module defines (wipe certificates); `Records` adds disposal records
/// (`DocumentTypeRegistry.records`) and `Reports` the evidence-pack manifest
/// (`DocumentTypeRegistry.expunge`, everything Expunge writes — what `expunge verify` uses).
public struct DocumentTypeRegistry: Sendable {
    public private(set) var types: [String: SignedDocumentType]

    public init(_ types: [SignedDocumentType]) {
        self.types = Dictionary(types.map { ($0.documentType, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// This registry with `type` added (replacing one of the same `document_type`).
    public func adding(_ type: SignedDocumentType) -> DocumentTypeRegistry {
        var r = self
        r.types[type.documentType] = type
        return r
    }

    public subscript(documentType: String) -> SignedDocumentType? { types[documentType] }

    /// Wipe certificates.
    public static let core = DocumentTypeRegistry([WipeCertificateRules.type])

    /// The `document_type` under which the evidence-pack manifest is registered.
    public static let evidenceManifestType = "evidence-manifest"
    static let evidenceManifestPack = "expunge-evidence-pack"
}
