import Evidence
import Foundation
import StorageModel

/// A wipe certificate as the record store indexes it. The signed file stays the source of truth.
public struct CertificateIndexEntry: Codable, Sendable, Hashable {
    public var certificateID: String
    public var sha256: String
    public var station: String
    public var sequence: UInt64
    public var assetID: String
    /// What identifies the medium across attempts: serial, else WWN, else path + backing file.
    public var deviceKey: String
    @NullCoded public var deviceSerial: String?
    @NullCoded public var deviceModel: String?
    @NullCoded public var deviceVendor: String?
    public var capacityBytes: UInt64
    public var mediaType: String
    public var level: String
    public var method: String
    @NullCoded public var scheme: String?
    public var passes: Int
    public var verificationMode: String
    public var verificationCoverage: Double
    public var result: String
    public var startedAt: String
    public var endedAt: String
    public var issuedAt: String
    @NullCoded public var operatorID: String?
    @NullCoded public var customer: String?
    public var path: String

    public init(certificateID: String, sha256: String, station: String, sequence: UInt64, assetID: String, deviceKey: String,
                deviceSerial: String?, deviceModel: String?, deviceVendor: String?, capacityBytes: UInt64, mediaType: String,
                level: String, method: String, scheme: String?, passes: Int, verificationMode: String, verificationCoverage: Double,
                result: String, startedAt: String, endedAt: String, issuedAt: String, operatorID: String?, customer: String?, path: String) {
        self.certificateID = certificateID
        self.sha256 = sha256
        self.station = station
        self.sequence = sequence
        self.assetID = assetID
        self.deviceKey = deviceKey
        self.deviceSerial = deviceSerial
        self.deviceModel = deviceModel
        self.deviceVendor = deviceVendor
        self.capacityBytes = capacityBytes
        self.mediaType = mediaType
        self.level = level
        self.method = method
        self.scheme = scheme
        self.passes = passes
        self.verificationMode = verificationMode
        self.verificationCoverage = verificationCoverage
        self.result = result
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.issuedAt = issuedAt
        self.operatorID = operatorID
        self.customer = customer
        self.path = path
    }

    public init(_ c: WipeCertificate, sha256: String, path: String) {
        certificateID = c.certificateID
        self.sha256 = sha256
        station = c.station.name
        sequence = c.sequence
        assetID = c.assetID
        deviceKey = Self.deviceKey(c.device)
        deviceSerial = c.device.serial
        deviceModel = c.device.model
        deviceVendor = c.device.vendor
        capacityBytes = c.device.capacity.bytes
        mediaType = c.device.mediaType.rawValue
        level = c.sanitization.level.rawValue
        method = c.sanitization.method
        scheme = c.sanitization.scheme
        passes = c.sanitization.passes.count
        verificationMode = c.verification.mode.rawValue
        verificationCoverage = c.verification.coverage
        result = c.result.rawValue
        startedAt = c.startedAt
        endedAt = c.endedAt
        issuedAt = c.issuedAt
        operatorID = c.operatorID
        customer = c.customer
        self.path = path
    }

    public static func deviceKey(_ d: DeviceIdentity) -> String {
        if let s = d.serial { return "serial:\(d.model ?? "")/\(s)" }
        if let w = d.wwn { return "wwn:\(w)" }
        return "path:\(d.path)/\(d.loopBackingFile ?? "")/\(d.capacity.bytes)"
    }

    enum CodingKeys: String, CodingKey {
        case certificateID = "certificate_id", sha256, station, sequence
        case assetID = "asset_id", deviceKey = "device_key", deviceSerial = "device_serial", deviceModel = "device_model"
        case deviceVendor = "device_vendor", capacityBytes = "capacity_bytes", mediaType = "media_type"
        case level, method, scheme, passes
        case verificationMode = "verification_mode", verificationCoverage = "verification_coverage"
        case result, startedAt = "started_at", endedAt = "ended_at", issuedAt = "issued_at"
        case operatorID = "operator_id", customer, path
    }
}

/// A disposal record as the record store indexes it.
public struct DisposalIndexEntry: Codable, Sendable, Hashable {
    public var recordID: String
    public var sha256: String
    public var assetID: String
    public var route: DisposalRoute
    public var wasteStatus: WasteStatus
    public var recipient: String
    @NullCoded public var recipientCertification: RecipientCertification?
    @NullCoded public var certificationID: String?
    public var weightKg: Double
    public var weightSource: WeightSource
    @NullCoded public var weeeCategory: Int?
    @NullCoded public var ewcCode: String?
    public var hazardous: Bool
    public var disposedOn: String
    @NullCoded public var transferNote: String?
    @NullCoded public var overrideReason: String?
    @NullCoded public var mediaDestroyedReference: String?
    public var issuedAt: String
    public var path: String
    /// The record this one supersedes (a corrected disposal of the same asset), if any.
    @NullCoded public var supersedes: String?

    public init(recordID: String, sha256: String, assetID: String, route: DisposalRoute, wasteStatus: WasteStatus, recipient: String,
                recipientCertification: RecipientCertification?, certificationID: String?, weightKg: Double, weightSource: WeightSource,
                weeeCategory: Int?, ewcCode: String?, hazardous: Bool, disposedOn: String, transferNote: String?, overrideReason: String?,
                mediaDestroyedReference: String?, issuedAt: String, path: String, supersedes: String? = nil) {
        self.supersedes = supersedes
        self.recordID = recordID
        self.sha256 = sha256
        self.assetID = assetID
        self.route = route
        self.wasteStatus = wasteStatus
        self.recipient = recipient
        self.recipientCertification = recipientCertification
        self.certificationID = certificationID
        self.weightKg = weightKg
        self.weightSource = weightSource
        self.weeeCategory = weeeCategory
        self.ewcCode = ewcCode
        self.hazardous = hazardous
        self.disposedOn = disposedOn
        self.transferNote = transferNote
        self.overrideReason = overrideReason
        self.mediaDestroyedReference = mediaDestroyedReference
        self.issuedAt = issuedAt
        self.path = path
    }

    public init(_ r: DisposalRecord, sha256: String, path: String) {
        recordID = r.recordID
        self.sha256 = sha256
        assetID = r.asset.assetID
        route = r.route
        wasteStatus = r.wasteStatus
        recipient = r.recipient.name
        recipientCertification = r.recipient.certification
        certificationID = r.recipient.certificationID
        weightKg = r.weightKg
        weightSource = r.weightSource
        weeeCategory = r.weeeCategory
        ewcCode = r.ewcCode
        hazardous = r.hazardous
        disposedOn = r.disposedOn
        transferNote = r.transferNote
        overrideReason = r.overrideReason
        mediaDestroyedReference = r.mediaDestroyedReference
        issuedAt = r.issuedAt
        self.path = path
        supersedes = r.supersedes
    }

    enum CodingKeys: String, CodingKey {
        case recordID = "record_id", sha256, assetID = "asset_id", route, wasteStatus = "waste_status", recipient
        case recipientCertification = "recipient_certification", certificationID = "certification_id"
        case weightKg = "weight_kg", weightSource = "weight_source", weeeCategory = "weee_category", ewcCode = "ewc_code"
        case hazardous, disposedOn = "disposed_on", transferNote = "transfer_note", overrideReason = "override_reason"
        case mediaDestroyedReference = "media_destroyed_reference", issuedAt = "issued_at", path, supersedes
    }
}
