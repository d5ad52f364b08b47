import Foundation
import StorageModel

/// The station that issued a document.
public struct StationInfo: Codable, Sendable, Hashable {
    public var name: String
    public var organization: String
    @NullCoded public var location: String?
    public var hostname: String

    public init(name: String, organization: String, location: String?, hostname: String) {
        self.name = name
        self.organization = organization
        self.location = location
        self.hostname = hostname
    }
}

/// How the medium was sanitized, in NIST SP 800-88 terms.
public struct SanitizationRecord: Codable, Sendable, Hashable {
    /// The program standard cited ("NIST SP 800-88 Rev. 2").
    public var standard: String
    /// Where the technique is defined.
    public var techniqueReference: String
    public var level: SanitizationLevel
    public var method: SanitizationMethod
    public var technique: SanitizationTechnique
    @NullCoded public var scheme: String?
    public var passes: [PassRecord]
    public var chunkSize: ByteCount
    /// The commands issued to the device, in words (system calls or firmware opcodes).
    public var commands: [String]
    /// For firmware (Purge) techniques: every command's exact encoding and the device's answers.
    @NullCoded public var firmware: FirmwareRecord?

    enum CodingKeys: String, CodingKey {
        case standard
        case techniqueReference = "technique_reference"
        case level, method, technique, scheme, passes
        case chunkSize = "chunk_bytes"
        case commands, firmware
    }
}

/// A certificate of sanitization: one per storage device per wipe attempt, whatever its result.
/// Its signed bytes are the file's bytes exactly (see Certificates/README.md).
public struct WipeCertificate: Codable, Sendable, Hashable {
    public static let documentType = "wipe-certificate"
    /// 2 adds the `health` section; 3 adds `customer_name` (the customer's legal name from the
    /// register, `customer` being its ID); 4 adds `machine` (the computer the drive was wiped
    /// in, when a station wipes a machine's own drives); 5 writes random passes with AES-128-CTR
    /// (`aes_128_ctr_key` / `aes_128_ctr_iv`; a pass journalled by an earlier version keeps its
    /// AES-256-CTR fields). Earlier certificates remain valid.
    public static let schemaVersion = 5
    /// Every version a verifier accepts.
    public static let acceptedSchemaVersions: Set<Int> = [1, 2, 3, 4, 5]

    public var schemaVersion: Int
    public var documentType: String
    /// `<station>-<sequence, six digits>`: human-readable and unique per station.
    public var certificateID: String
    public var uuid: UUID
    public var attemptID: UUID
    /// Position in the station's ledger (1-based) and the SHA-256 of the previous document's file.
    public var sequence: UInt64
    @NullCoded public var previousSHA256: String?
    public var issuedAt: String
    public var station: StationInfo
    /// Pseudonymous operator ID (no personal names on certificates).
    @NullCoded public var operatorID: String?
    public var assetID: String
    /// The customer (data controller): its ID in the station's customer register since schema
    /// version 3; free text before.
    @NullCoded public var customer: String?
    /// The customer's legal name as the register held it when the certificate was signed
    /// (schema version 3). Absent without a customer or when the register did not have it, and in
    /// earlier versions: omitted rather than null, so re-encoding an older certificate gives its
    /// exact bytes.
    public var customerName: String?
    /// The computer the drive was in when it was wiped in place (schema version 4): the DMI
    /// identity of a laptop booted from the live image. Omitted for drives wiped in a station's bays.
    public var machine: MachineIdentity?
    public var device: DeviceIdentity
    @NullCoded public var deviceAtEnd: DeviceIdentity?
    /// `strong` (serial or WWN known) or `weak` (neither: confirmed by size, path and device number
    /// only); null in certificates issued before it was recorded.
    @NullCoded public var identityStrength: IdentityStrength?
    /// The capacity addressed and the native capacity, with any hidden area (HPA/DCO) and what
    /// became of it; null in certificates issued before it was recorded.
    @NullCoded public var capacity: CapacityRecord?
    /// What part of the drive the attempt acted on: for NVMe the namespace, the controller's other
    /// namespaces and unallocated capacity; null in certificates issued before it was recorded.
    @NullCoded public var scope: ScopeRecord?
    public var sanitization: SanitizationRecord
    public var verification: VerificationRecord
    public var result: WipeResult
    public var reasons: [FailureReason]
    public var errors: [WipeErrorRecord]
    public var unwritableRanges: [ByteRange]
    public var startedAt: String
    public var endedAt: String
    public var durationSeconds: Double
    public var tool: ToolInfo
    /// Where the medium goes next, if known at wipe time (`reuse`, `resale`, `recycling`, …).
    @NullCoded public var destination: String?
    /// The drive's health before and after the attempt and its reuse grade (schema version 2);
    /// null when no reading was attempted (an attempt recovered from the journal) and in
    /// version 1 certificates.
    @NullCoded public var health: HealthRecord?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case documentType = "document_type"
        case certificateID = "certificate_id"
        case uuid
        case attemptID = "attempt_id"
        case sequence
        case previousSHA256 = "previous_sha256"
        case issuedAt = "issued_at"
        case station
        case operatorID = "operator_id"
        case assetID = "asset_id"
        case customer
        case customerName = "customer_name"
        case machine
        case device
        case deviceAtEnd = "device_at_end"
        case identityStrength = "identity_strength"
        case capacity, scope
        case sanitization, verification, result, reasons, errors
        case unwritableRanges = "unwritable_ranges"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case durationSeconds = "duration_seconds"
        case tool, destination, health
    }

    /// The certificate for `outcome`, at a ledger position.
    public init(outcome: WipeOutcome, position: LedgerPosition, station: StationInfo, operatorID: String?, assetID: String,
                customer: String?, customerName: String? = nil, machine: MachineIdentity? = nil, tool: ToolInfo,
                destination: String? = nil, health: HealthRecord? = nil) {
        schemaVersion = Self.schemaVersion
        documentType = Self.documentType
        certificateID = position.documentID
        uuid = UUID()
        attemptID = outcome.attemptID
        sequence = position.sequence
        previousSHA256 = position.previousSHA256
        issuedAt = position.issuedAt
        self.station = station
        self.operatorID = operatorID
        self.assetID = assetID
        self.customer = customer
        self.customerName = customer == nil ? nil : customerName
        self.machine = machine
        device = outcome.identityAtStart
        deviceAtEnd = outcome.identityAtEnd
        identityStrength = outcome.identityAtStart.strength
        capacity = outcome.capacity
        scope = outcome.scope
        let canariesChecked = outcome.firmware != nil && outcome.verification.completed
        sanitization = SanitizationRecord(
            standard: "NIST SP 800-88 Rev. 2",
            techniqueReference: outcome.level == .clear
                ? "Clear by host overwrite of every user-addressable logical block (NIST SP 800-88 Rev. 1 Appendix A; IEEE 2883-2022 Clear)"
                : "Purge by the drive's \(outcome.firmware?.interface.rawValue.uppercased() ?? "firmware") \(outcome.technique) command (NIST SP 800-88 Rev. 1 Appendix A; IEEE 2883-2022 Purge)"
                    + (canariesChecked ? "; verified with canary blocks" : ""),
            level: outcome.level, method: outcome.technique.method, technique: outcome.technique, scheme: outcome.scheme,
            passes: outcome.passes, chunkSize: outcome.chunkSize, commands: Self.commands(outcome), firmware: outcome.firmware)
        verification = outcome.verification
        result = outcome.result
        reasons = outcome.reasons
        errors = outcome.errors
        unwritableRanges = outcome.unwritableRanges
        startedAt = outcome.startedAt
        endedAt = outcome.endedAt
        durationSeconds = outcome.durationSeconds
        self.tool = tool
        self.destination = destination
        self.health = health
    }

    /// What was done to the device in this attempt, in words, from the recorded facts alone: the
    /// open (or its failure); the identity check through the open descriptor before the first
    /// write; for a purge the canary writes, the firmware commands as sent and answered and the
    /// canary reads; for an overwrite each pass as far as it wrote and whether it was flushed, and
    /// the verification reads only if verification started (with where the reads came from).
    /// Nothing that did not happen is listed.
    public static func commands(_ o: WipeOutcome) -> [String] {
        let firmware = o.firmware.map { f in f.commands.map { "\($0.encoding) → \($0.response)" } } ?? []
        let path = o.identityAtStart.path, capacity = o.identityAtStart.capacity.bytes
        let purge = o.technique != .overwrite
        let nothingSent = purge ? " and no firmware command was sent" : ""
        let open = "open(2) \(path) O_RDWR|O_DIRECT|O_EXCL"
        if o.errors.contains(where: { $0.operation == "open" }) {
            return firmware + ["\(open): failed; nothing was written" + nothingSent]
        }
        if o.errors.contains(where: { $0.operation == "identity-before-write" }) {
            return firmware + [open, "identity read through the open descriptor before the first write (device number by fstat(2), size by "
                               + "BLKGETSIZE64, serial, WWN, namespace): not the device planned and confirmed; nothing was written" + nothingSent]
        }
        if purge && o.result == .interrupted && o.firmware == nil {
            return ["the process ended before its commands were recorded: whether a firmware command was sent is not known"]
        }
        var out = [open, "identity confirmed through the open descriptor before the first write: device number (fstat(2)), size "
                   + "(BLKGETSIZE64)" + (o.identityAtStart.strength == .strong ? ", serial/WWN" : " and path only (no serial or WWN: weak identity)")]
        out += (o.capacity?.commands ?? []).map { "\($0.encoding) → \($0.response)" }
        let v = o.verification
        let reads = v.readPath?.explanation ?? "O_DIRECT (where the reads came from was not recorded)"
        if purge {
            if v.startedAt != nil { out.append("\(v.samples ?? 0) canary blocks written with pwrite(2), fdatasync(2), read back") }
            out += firmware
            if v.completed { out.append("pread(2) of the canary blocks after the command: \(v.bytesCompared.bytes) bytes, \(reads)") }
            return out
        }
        for p in o.passes {
            var line = "pass \(p.index) (\(p.pattern)): pwrite(2) of \(o.chunkSize.bytes)-byte chunks over [0, \(p.bytesWritten.bytes))"
            if p.bytesWritten.bytes != capacity { line += " of [0, \(capacity))" }
            out.append(line + (p.flushed ? ", then fdatasync(2)" : ", not flushed"))
        }
        if o.passes.isEmpty && o.result != .interrupted { out.append("nothing was written") }
        if o.result == .interrupted {
            out.append("the process ended: the journal recorded the passes above; nothing after its last update is known")
        }
        if v.startedAt != nil {
            out.append("pread(2) for verification (\(v.mode.rawValue)): \(v.bytesCompared.bytes) bytes compared, \(reads)"
                       + (v.completed ? "" : "; stopped before the end"))
        }
        return out
    }

    /// The bytes written to disk and signed: sorted keys, pretty-printed, a final newline.
    public func encoded() throws -> [UInt8] { try CanonicalJSON.encode(self) }
}
