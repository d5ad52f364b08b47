import Foundation

/// The top-level fields the verifier reads from any signed document before its type's rules run
/// (type, ID, station, chain position, times), each decoded on its own so that one of the wrong
/// type is absent rather than fatal — as a lookup in a parsed dictionary would give it, without
/// building that dictionary of every value in the document.
struct DocumentHeader: Decodable {
    var documentType: String?
    var pack: String?
    var certificateID: String?
    var recordID: String?
    var station: String?
    var sequence: UInt64?
    var result: String?
    var previousSHA256: String?
    var issuedAt: String?
    var generatedAt: String?
    var attemptID: String?
    var schemaVersion: Int?

    enum CodingKeys: String, CodingKey {
        case documentType = "document_type", pack, certificateID = "certificate_id", recordID = "record_id", station, sequence, result
        case previousSHA256 = "previous_sha256", issuedAt = "issued_at", generatedAt = "generated_at", attemptID = "attempt_id"
        case schemaVersion = "schema_version"
    }

    struct Station: Decodable { let name: String }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String? { (try? c.decodeIfPresent(String.self, forKey: key)) ?? nil }
        documentType = text(.documentType)
        pack = text(.pack)
        certificateID = text(.certificateID)
        recordID = text(.recordID)
        station = ((try? c.decodeIfPresent(Station.self, forKey: .station)) ?? nil)?.name ?? text(.station)
        sequence = (try? c.decodeIfPresent(UInt64.self, forKey: .sequence)) ?? nil
        result = text(.result)
        previousSHA256 = text(.previousSHA256)
        issuedAt = text(.issuedAt)
        generatedAt = text(.generatedAt)
        attemptID = text(.attemptID)
        schemaVersion = (try? c.decodeIfPresent(Int.self, forKey: .schemaVersion)) ?? nil
    }

    /// The header of `data`; nil when it is not a JSON object.
    static func read(_ data: Data) -> DocumentHeader? { try? JSONDecoder().decode(DocumentHeader.self, from: data) }

    /// The value of the document type's ID key (`certificate_id`, `record_id`).
    func id(key: String?) -> String? {
        switch key {
        case "certificate_id": certificateID
        case "record_id": recordID
        default: nil
        }
    }

    /// `document_type`, or the evidence manifest's type for a manifest (which has none).
    var type: String? {
        documentType ?? (pack == DocumentTypeRegistry.evidenceManifestPack ? DocumentTypeRegistry.evidenceManifestType : nil)
    }
}
