import Evidence
import Foundation
import StorageModel

/// What the operator asked `expunge dispose` to record.
public struct DisposalRequest: Sendable {
    public var assetID: String
    public var route: DisposalRoute
    public var wasteStatus: WasteStatus?
    public var recipient: String
    public var recipientCertification: RecipientCertification?
    public var certificationID: String?
    public var weightKg: Double?
    public var weeeCategory: Int?
    public var ewcCode: String?
    public var transferNote: String?
    /// YYYY-MM-DD; today (UTC) when nil.
    public var date: String?
    public var mediaDestroyedReference: String?
    public var overrideReason: String?
    public var operatorID: String?
    /// The current disposal record of the asset this one replaces, and why (both signed).
    public var supersedes: String?
    public var supersessionReason: String?

    public init(assetID: String, route: DisposalRoute, wasteStatus: WasteStatus? = nil, recipient: String,
                recipientCertification: RecipientCertification? = nil, certificationID: String? = nil, weightKg: Double? = nil,
                weeeCategory: Int? = nil, ewcCode: String? = nil, transferNote: String? = nil, date: String? = nil,
                mediaDestroyedReference: String? = nil, overrideReason: String? = nil, operatorID: String? = nil,
                supersedes: String? = nil, supersessionReason: String? = nil) {
        self.supersedes = supersedes
        self.supersessionReason = supersessionReason
        self.assetID = assetID
        self.route = route
        self.wasteStatus = wasteStatus
        self.recipient = recipient
        self.recipientCertification = recipientCertification
        self.certificationID = certificationID
        self.weightKg = weightKg
        self.weeeCategory = weeeCategory
        self.ewcCode = ewcCode
        self.transferNote = transferNote
        self.date = date
        self.mediaDestroyedReference = mediaDestroyedReference
        self.overrideReason = overrideReason
        self.operatorID = operatorID
    }
}

/// Records disposals: checks the request against the asset's evidence, fills weight and
/// classification from the register or the reference data (marked as such), signs the record
/// into the ledger and indexes it.
///
/// The evidence is the signed certificates, not the index: the index only says where the
/// asset's certificate files are; each is read and verified against `trust` (the station's own
/// trust anchors), and the release decision and the record's `wipe_certificates` come from the
/// verified content. Editing `records.sqlite` cannot turn an `unverified` attempt into a release.
/// An asset already disposed of is refused unless the request supersedes its current record.
public struct DisposalDesk: Sendable {
    public static let defaultEWCCode = "16 02 14"

    public let store: any RecordStore
    public let ledger: Ledger
    public let signer: any DocumentSigning
    public let tool: ToolInfo
    public let trust: TrustStore

    public init(store: any RecordStore, ledger: Ledger, signer: any DocumentSigning, tool: ToolInfo, trust: TrustStore) {
        self.store = store
        self.ledger = ledger
        self.signer = signer
        self.tool = tool
        self.trust = trust
    }

    /// The asset's certificates as their signed files state them (verified against `trust`),
    /// and the certificates the index names that do not verify, with why.
    public func signedCertificates(_ indexed: [CertificateIndexEntry]) -> (verified: [CertificateIndexEntry], unverifiable: [String]) {
        let verifier = DocumentVerifier(trust: trust)
        var verified: [CertificateIndexEntry] = [], unverifiable: [String] = []
        for entry in indexed {
            guard case .success(let bytes) = BoundedFile.read(entry.path, limit: DocumentLimits.maxDocumentBytes) else {
                unverifiable.append("\(entry.certificateID): its signed file \(entry.path) cannot be read")
                continue
            }
            let signature = BoundedFile.read(String(entry.path.dropLast(entry.path.hasSuffix(".json") ? 5 : 0)) + ".p7s", limit: DocumentLimits.maxSignatureBytes)
            guard case .success(let sig) = signature else {
                unverifiable.append("\(entry.certificateID): its signature is missing")
                continue
            }
            let verdict = verifier.verify(document: bytes, signature: sig, name: entry.path)
            guard verdict.isValid, let c = try? JSONDecoder().decode(WipeCertificate.self, from: Data(bytes)),
                  c.certificateID == entry.certificateID, c.assetID == entry.assetID else {
                unverifiable.append("\(entry.certificateID): \(verdict.problems.first ?? "the signed file is not this certificate")")
                continue
            }
            verified.append(CertificateIndexEntry(c, sha256: SHA256Digest.hex(bytes), path: entry.path))
        }
        return (verified, unverifiable)
    }

    /// Records the disposal. `now` fixes the clock (tests); by default the record's `issued_at`
    /// is read under the ledger lock and the date checks use the current time.
    public func record(_ request: DisposalRequest, now fixedNow: Date? = nil) async throws -> (DisposalRecord, LedgerEntry) {
        try DisposalInputCheck.check(request)
        let now = fixedNow ?? Date()
        guard let asset = try await store.asset(request.assetID) else {
            throw ExpungeError(.badInput, "no asset \(request.assetID) in the register",
                               remedy: "import it (`expunge asset import`) or wipe its devices with --asset \(request.assetID) first")
        }
        let today = String(Timestamp.rfc3339(now).prefix(10))
        let date = request.date ?? today
        guard CalendarDate.isValid(date) else {
            throw ExpungeError(.badInput, "date \"\(DisplayString.sanitize(date) ?? "")\" is not a date (YYYY-MM-DD, a day that exists)", remedy: "give the date as YYYY-MM-DD; 2026-02-30 does not exist")
        }
        guard date <= today else {
            throw ExpungeError(.badInput, "date \(date) is in the future (today is \(today) UTC)", remedy: "record disposals when they happen")
        }
        let recipient = request.recipient.trimmingSpaces()
        guard !recipient.isEmpty else { throw ExpungeError(.usage, "the recipient is empty", remedy: "name the organisation receiving the asset") }

        // Weight: measured, else the register's, else the category median (an estimate).
        let categoryKey = ComplianceReference.categoryKey(asset.category)
        let weight: Double, source: WeightSource
        if let w = request.weightKg {
            guard w.isFinite, AssetRecord.plausibleWeightKg.contains(w) else {
                throw ExpungeError(.badInput, "weight \(w) kg is not plausible for one asset", remedy: "give the weight in kilograms (0.001–2000)")
            }
            (weight, source) = (w, .measured)
        } else if let w = asset.weightKg {
            (weight, source) = (w, .register)
        } else if let key = categoryKey, let w = ComplianceReference.categoryDefaultWeightKg[key] {
            (weight, source) = (w, .categoryDefault)
        } else {
            throw ExpungeError(.badInput, "no weight for asset \(asset.assetID): none in the register and no default for category \"\(asset.category ?? "none")\"",
                               remedy: "weigh it and pass --weight-kg")
        }

        let waste = request.wasteStatus ?? request.route.defaultWasteStatus
        var ewc: String?, ewcSource: String?
        if let given = request.ewcCode {
            guard let code = ComplianceReference.ewcCode(given) else {
                throw ExpungeError(.badInput, "unknown EWC code \"\(given)\" (hazardous codes keep their asterisk)",
                                   remedy: "use one of: " + ComplianceReference.ewcCodes.keys.sorted().joined(separator: ", "))
            }
            (ewc, ewcSource) = (code, "operator")
        } else if waste == .waste {
            (ewc, ewcSource) = (Self.defaultEWCCode, "default")
        }
        if let w = request.weeeCategory, ComplianceReference.weeeCategories[w] == nil {
            throw ExpungeError(.badInput, "WEEE category \(w) does not exist", remedy: "use 1–6 (WEEE Directive Annex III)")
        }
        let weee = request.weeeCategory ?? categoryKey.flatMap { ComplianceReference.categoryDefaultWEEE[$0] }

        // One current disposal per asset: a second one must supersede it, explicitly.
        let current = AssetLifecycle.current(try await store.disposals(assetID: asset.assetID))
        let reason = request.supersessionReason?.trimmingSpaces() ?? ""
        if let target = request.supersedes {
            guard current.contains(where: { $0.recordID == target }) else {
                throw ExpungeError(.badInput, "\(DisplayString.sanitize(target) ?? "?") is not the current disposal record of asset \(asset.assetID)",
                                   remedy: current.isEmpty ? "the asset has no disposal record to supersede; leave out --supersedes"
                                       : "supersede its current record: \(current.map(\.recordID).joined(separator: ", "))")
            }
            guard !reason.isEmpty else {
                throw ExpungeError(.usage, "superseding \(target) needs a reason", remedy: "give --reason (it is signed into the new record)")
            }
        } else if !reason.isEmpty {
            throw ExpungeError(.usage, "a reason was given but no record to supersede", remedy: "name the record with --supersedes RECORD-ID")
        } else if let existing = current.first {
            throw ExpungeError(.failed, "asset \(asset.assetID) already has disposal record \(existing.recordID) (\(existing.route.rawValue), \(existing.disposedOn))",
                               remedy: "to correct it, record the disposal again with --supersedes \(existing.recordID) --reason \"…\" (both are signed into the new record)")
        }

        // Release only with evidence: every storage device passed, or the media were destroyed —
        // as the signed certificates say, verified now, not as the index says.
        let (certificates, unverifiable) = signedCertificates(try await store.certificates(assetID: asset.assetID))
        let latest = AssetLifecycle.latestPerDevice(certificates)
        let evidenced = unverifiable.isEmpty && AssetLifecycle.allDevicesPassed(certificates)
        if request.route.releasesDevice && request.mediaDestroyedReference == nil && !evidenced {
            if request.overrideReason?.trimmingSpaces().isEmpty ?? true {
                let partial = AssetLifecycle.notCoveringTheirDrive(latest).map {
                    "\($0.deviceSerial ?? $0.deviceKey)\($0.namespaceID.map { " namespace \($0)" } ?? ""): passed (\($0.certificateID)) "
                        + "but covers one namespace only; the drive's other namespaces or unallocated capacity are not covered"
                }
                let detail = latest.isEmpty && unverifiable.isEmpty ? "no storage device of it has been wiped"
                    : (latest.filter { $0.result != .passed }.map { "\($0.deviceSerial ?? $0.deviceKey): \($0.result) (\($0.certificateID))" }
                       + partial + unverifiable.map { "certificate \($0) (does not verify)" }).joined(separator: "; ")
                throw ExpungeError(.failed, "refusing to record \(request.route.rawValue) for asset \(asset.assetID): \(detail)",
                                   remedy: "wipe every storage device until it passes, or record destroyed media with --media-destroyed REF, or give --override-reason (it is signed into the record)")
            }
        }

        var signedRecord: DisposalRecord?
        let entry = try ledger.append(station: signer.station.name, clock: { fixedNow ?? Date() }, make: { position in
            let r = DisposalRecord(
                schemaVersion: DisposalRecord.schemaVersion, documentType: DisposalRecord.documentType,
                recordID: position.documentID, uuid: UUID(), sequence: position.sequence, previousSHA256: position.previousSHA256,
                issuedAt: position.issuedAt, station: signer.station, operatorID: request.operatorID,
                asset: .init(assetID: asset.assetID, serial: asset.serial, manufacturer: asset.manufacturer, model: asset.model,
                             category: asset.category, customer: asset.customer, inRegister: asset.inRegister),
                route: request.route, wasteStatus: waste, wasteStatusSource: request.wasteStatus == nil ? "route-default" : "operator",
                esrsTreatment: request.route.esrsTreatment,
                recipient: .init(name: recipient, certification: request.recipientCertification, certificationID: request.certificationID),
                weightKg: weight, weightSource: source, weeeCategory: weee, ewcCode: ewc, ewcCodeSource: ewcSource,
                hazardous: ewc.map(ComplianceReference.isHazardous) ?? false, transferNote: request.transferNote, disposedOn: date,
                wipeCertificates: latest.map { .init(certificateID: $0.certificateID, sha256: $0.sha256, result: $0.result, deviceSerial: $0.deviceSerial) },
                mediaDestroyedReference: request.mediaDestroyedReference, overrideReason: request.overrideReason,
                supersedes: request.supersedes, supersessionReason: request.supersedes == nil ? nil : reason, tool: tool)
            signedRecord = r
            return try r.encoded()
        }, sign: { try signer.sign($0) })
        let record = signedRecord!
        try await store.index(disposal: DisposalIndexEntry(record, sha256: entry.sha256, path: entry.documentPath))
        return (record, entry)
    }
}
