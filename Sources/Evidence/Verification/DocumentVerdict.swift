import Foundation
import StorageModel

/// What `expunge verify` found about one document.
public struct DocumentVerdict: Sendable, Hashable, Encodable {
    public var path: String
    public var documentID: String?
    public var documentType: String?
    public var station: String?
    public var sequence: UInt64?
    public var result: String?
    public var sha256: String?
    public var signer: String?
    /// SHA-256 of the signer certificate's DER when the signature verified (not part of the JSON
    /// report): the depot compares it with the station's pinned certificate; the PDF prints it.
    public var signerFingerprintSHA256: String?
    /// Why the signature did not verify, when it did not (not part of the JSON report).
    public internal(set) var signatureFailure: CMSSignature.Failure?
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }
    /// What the cross-document audit needs, from the signed content (not part of the JSON report);
    /// nil when the document could not be decoded.
    public var facts: DocumentFacts?
    /// The document as its rules decoded it (not part of the JSON report); nil when it could not be.
    public internal(set) var decoded: DecodedContent?
    /// Chain fields, kept from the one read of the file (not part of the JSON report).
    public internal(set) var previousSHA256: String?
    var issuedAt: Date?
    var attemptID: String?
    /// Whether the CMS signature verified (the audit only believes signed content).
    var signatureVerified = false

    public init(path: String, problems: [String] = []) {
        self.path = path
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case path
        case documentID = "document_id"
        case documentType = "document_type"
        case station, sequence, result, sha256, signer, problems
        case isValid = "valid"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(documentID, forKey: .documentID)
        try c.encode(documentType, forKey: .documentType)
        try c.encode(station, forKey: .station)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(result, forKey: .result)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(signer, forKey: .signer)
        try c.encode(problems, forKey: .problems)
        try c.encode(isValid, forKey: .isValid)
    }
}
