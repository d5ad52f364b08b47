import Evidence
import Foundation
import StorageModel

/// A signed record of where an asset went: route, recipient, weight, waste classification, and
/// the wipe certificates (by ID and hash) that allowed its release. Chained in the same ledger as
/// the certificates and verified by the same `expunge verify`.
public struct DisposalRecord: Codable, Sendable, Hashable {
    public static let documentType = "disposal-record"
    public static let schemaVersion = 1

    public struct AssetSnapshot: Codable, Sendable, Hashable {
        public var assetID: String
        @NullCoded public var serial: String?
        @NullCoded public var manufacturer: String?
        @NullCoded public var model: String?
        @NullCoded public var category: String?
        @NullCoded public var customer: String?
        public var inRegister: Bool

        enum CodingKeys: String, CodingKey {
            case assetID = "asset_id", serial, manufacturer, model, category, customer
            case inRegister = "in_register"
        }
    }

    public struct Recipient: Codable, Sendable, Hashable {
        public var name: String
        @NullCoded public var certification: RecipientCertification?
        @NullCoded public var certificationID: String?

        enum CodingKeys: String, CodingKey {
            case name, certification
            case certificationID = "certification_id"
        }
    }

    public struct CertificateReference: Codable, Sendable, Hashable {
        public var certificateID: String
        public var sha256: String
        public var result: WipeResult
        @NullCoded public var deviceSerial: String?

        enum CodingKeys: String, CodingKey {
            case certificateID = "certificate_id", sha256, result
            case deviceSerial = "device_serial"
        }
    }

    public var schemaVersion: Int
    public var documentType: String
    public var recordID: String
    public var uuid: UUID
    public var sequence: UInt64
    @NullCoded public var previousSHA256: String?
    public var issuedAt: String
    public var station: StationInfo
    @NullCoded public var operatorID: String?
    public var asset: AssetSnapshot
    public var route: DisposalRoute
    public var wasteStatus: WasteStatus
    /// Whether `waste_status` is the route's default or the operator's explicit decision.
    public var wasteStatusSource: String
    public var esrsTreatment: ESRSTreatment
    public var recipient: Recipient
    public var weightKg: Double
    public var weightSource: WeightSource
    @NullCoded public var weeeCategory: Int?
    @NullCoded public var ewcCode: String?
    /// `operator` when given with --ewc-code, `default` when the route's default (16 02 14) was used.
    @NullCoded public var ewcCodeSource: String?
    /// Follows the EWC code's asterisk; never set independently.
    public var hazardous: Bool
    @NullCoded public var transferNote: String?
    /// The day the asset left (YYYY-MM-DD).
    public var disposedOn: String
    public var wipeCertificates: [CertificateReference]
    /// Reference of a certificate of destruction for the storage media, if they were destroyed.
    @NullCoded public var mediaDestroyedReference: String?
    /// Why a release was recorded without passed certificates for every device.
    @NullCoded public var overrideReason: String?
    /// The record of the same asset this one replaces (a corrected disposal), signed here with
    /// `supersession_reason`; both null otherwise. Reports count only records not superseded.
    @NullCoded public var supersedes: String?
    @NullCoded public var supersessionReason: String?
    public var tool: ToolInfo

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", documentType = "document_type", recordID = "record_id", uuid, sequence
        case previousSHA256 = "previous_sha256", issuedAt = "issued_at", station, operatorID = "operator_id", asset, route
        case wasteStatus = "waste_status", wasteStatusSource = "waste_status_source", esrsTreatment = "esrs_treatment"
        case recipient, weightKg = "weight_kg", weightSource = "weight_source", weeeCategory = "weee_category"
        case ewcCode = "ewc_code", ewcCodeSource = "ewc_code_source", hazardous, transferNote = "transfer_note", disposedOn = "disposed_on"
        case wipeCertificates = "wipe_certificates", mediaDestroyedReference = "media_destroyed_reference"
        case overrideReason = "override_reason", tool
        case supersedes, supersessionReason = "supersession_reason"
    }

    /// The bytes written and signed (same conventions as certificates).
    public func encoded() throws -> [UInt8] { try CanonicalJSON.encode(self) }
}
