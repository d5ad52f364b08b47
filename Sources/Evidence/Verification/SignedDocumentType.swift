import Foundation

/// One kind of signed document: its `document_type` value, the schema versions accepted, and its
/// rules (decode, then check what the content may claim). Registered in a `DocumentTypeRegistry`.
public struct SignedDocumentType: Sendable {
    public let documentType: String
    public let schemaVersions: Set<Int>
    /// The key holding the document's ID (`certificate_id`, `record_id`); nil when it has none.
    public let idKey: String?
    /// Decodes the document and applies its rules. Runs only for an accepted schema version.
    public let check: @Sendable (Data) -> DocumentCheck

    public init(documentType: String, schemaVersions: Set<Int>, idKey: String?, check: @escaping @Sendable (Data) -> DocumentCheck) {
        self.documentType = documentType
        self.schemaVersions = schemaVersions
        self.idKey = idKey
        self.check = check
    }

    /// A document type whose rules decode `T` with `JSONDecoder` and check it; decoding errors
    /// are reported as `schema: …` problems.
    /// The decoded value is kept in the check (`DocumentCheck.decoded`).
    public static func decoding<T: Decodable & Sendable & SendableMetatype>(_ type: T.Type, documentType: String, schemaVersions: Set<Int>, idKey: String?,
                                              rules: @escaping @Sendable (T) -> DocumentCheck) -> SignedDocumentType {
        SignedDocumentType(documentType: documentType, schemaVersions: schemaVersions, idKey: idKey) { data in
            do {
                let value = try JSONDecoder().decode(T.self, from: data)
                var checked = rules(value)
                checked.decoded = DecodedContent(value)
                return checked
            } catch {
                return DocumentCheck(problems: ["schema: \(SchemaErrorText.describe(error))"], facts: nil)
            }
        }
    }
}
