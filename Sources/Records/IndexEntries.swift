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
    /// What identifies the medium across attempts: serial (with the NVMe namespace ID: the
    /// namespaces of one controller are distinct devices), else WWN, else path + backing file.
    public var deviceKey: String
    @NullCoded public var deviceSerial: String?
    @NullCoded public var deviceModel: String?
    @NullCoded public var deviceVendor: String?
    public var capacityBytes: UInt64
    public var mediaType: MediaType
    public var level: SanitizationLevel
    public var method: SanitizationMethod
    @NullCoded public var scheme: String?
    public var passes: Int
    public var verificationMode: VerificationMode
    public var verificationCoverage: Double
    public var result: WipeResult
    public var startedAt: String
    public var endedAt: String
    public var issuedAt: String
    @NullCoded public var operatorID: String?
    @NullCoded public var customer: String?
    public var path: String
    /// Whether the certificate's scope covers the whole drive. False for an NVMe namespace of a
    /// controller with other namespaces or unallocated capacity (or whose scope is unknown): such
    /// a certificate alone never makes the asset sanitized (`AssetLifecycle`).
    public var scopeWholeDevice: Bool
    /// NVMe: the controller (`nvme:<model>/<serial>`) and the namespace, and the controller's other
    /// namespaces and unallocated bytes when the scope is a namespace.
    @NullCoded public var controllerKey: String?
    @NullCoded public var namespaceID: UInt32?
    public var otherNamespaceIDs: [UInt32]
    @NullCoded public var unallocatedBytes: UInt64?

    public init(certificateID: String, sha256: String, station: String, sequence: UInt64, assetID: String, deviceKey: String,
                deviceSerial: String?, deviceModel: String?, deviceVendor: String?, capacityBytes: UInt64, mediaType: MediaType,
                level: SanitizationLevel, method: SanitizationMethod, scheme: String?, passes: Int, verificationMode: VerificationMode,
                verificationCoverage: Double, result: WipeResult, startedAt: String, endedAt: String, issuedAt: String, operatorID: String?, customer: String?, path: String,
                scopeWholeDevice: Bool = true, controllerKey: String? = nil, namespaceID: UInt32? = nil, otherNamespaceIDs: [UInt32] = [],
                unallocatedBytes: UInt64? = nil) {
        self.scopeWholeDevice = scopeWholeDevice
        self.controllerKey = controllerKey
        self.namespaceID = namespaceID
        self.otherNamespaceIDs = otherNamespaceIDs
        self.unallocatedBytes = unallocatedBytes
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
        mediaType = c.device.mediaType
        level = c.sanitization.level
        method = c.sanitization.method
        scheme = c.sanitization.scheme
        passes = c.sanitization.passes.count
        verificationMode = c.verification.mode
        verificationCoverage = c.verification.coverage
        result = c.result
        startedAt = c.startedAt
        endedAt = c.endedAt
        issuedAt = c.issuedAt
        operatorID = c.operatorID
        customer = c.customer
        self.path = path
        // A certificate without a scope (issued before scopes were recorded) covers the whole
        // device unless it is NVMe: then which namespaces it reached is not known.
        scopeWholeDevice = c.scope?.wholeDevice ?? (c.device.transport != .nvme)
        if c.device.transport == .nvme, let serial = c.device.serial ?? c.scope?.controllerSerial {
            controllerKey = "nvme:\(c.device.model ?? "")/\(serial)"
        }
        namespaceID = c.device.nvmeNamespaceID ?? c.scope?.namespace?.namespaceID
        otherNamespaceIDs = c.scope?.kind == .namespace ? (c.scope?.otherNamespaces.map(\.namespaceID) ?? []) : []
        unallocatedBytes = c.scope?.unallocatedBytes?.bytes
    }

    public static func deviceKey(_ d: DeviceIdentity) -> String {
        if let s = d.serial { return "serial:\(d.model ?? "")/\(s)" + (d.nvmeNamespaceID.map { "/nsid:\($0)" } ?? "") }
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
        case scopeWholeDevice = "scope_whole_device", controllerKey = "controller_key", namespaceID = "namespace_id"
        case otherNamespaceIDs = "other_namespace_ids", unallocatedBytes = "unallocated_bytes"
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

    /// The station that signed the record: its ID is `<station>-<sequence>` (the ledger's
    /// document ID), so the station is the ID without its last dash-separated part.
    public var station: String {
        guard let dash = recordID.lastIndex(of: "-") else { return recordID }
        return String(recordID[..<dash])
    }

    enum CodingKeys: String, CodingKey {
        case recordID = "record_id", sha256, assetID = "asset_id", route, wasteStatus = "waste_status", recipient
        case recipientCertification = "recipient_certification", certificationID = "certification_id"
        case weightKg = "weight_kg", weightSource = "weight_source", weeeCategory = "weee_category", ewcCode = "ewc_code"
        case hazardous, disposedOn = "disposed_on", transferNote = "transfer_note", overrideReason = "override_reason"
        case mediaDestroyedReference = "media_destroyed_reference", issuedAt = "issued_at", path, supersedes
    }
}
