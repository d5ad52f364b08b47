import BlockIO
import Foundation
import Glibc
import StorageModel

/// A wipe attempt as the journal knows it: written before the first byte, updated after every
/// pass, completed with the certificate ID at the end. An entry left `in-progress` by a process
/// that no longer runs is an interrupted attempt.
public struct JournalEntry: Codable, Sendable, Hashable {
    /// `in-progress` from before the first byte until the job ends; `uncertified` once the
    /// outcome is known and recorded here but no certificate exists yet (signing or writing
    /// failed, or the process died in between: the next wipe or `attempts --recover` certifies
    /// the recorded outcome); `completed` once the certificate is in the ledger.
    public enum Status: String, Codable, Sendable { case inProgress = "in-progress", uncertified, completed }

    public var schemaVersion: Int = 1
    public var attemptID: UUID
    public var status: Status
    public var pid: Int32
    public var bootID: String?
    public var startedAt: String
    public var updatedAt: String
    public var assetID: String
    public var operatorID: String?
    public var customer: String?
    public var device: DeviceIdentity
    public var level: SanitizationLevel
    public var technique: SanitizationTechnique
    public var scheme: String?
    public var plannedPasses: [String]
    public var verification: VerificationMode
    public var chunkSize: ByteCount
    public var passes: [PassRecord]
    public var result: WipeResult?
    public var certificateID: String?
    /// A temporary ATA security password set by this attempt, recorded before it was set, so a
    /// drive left locked by a crash can be unlocked (`hdparm --security-unlock`).
    public var temporaryPassword: String?
    /// The job's outcome, recorded before it is certified (status `uncertified`), so a
    /// certificate that could not be written is retried with the real result.
    public var outcome: WipeOutcome?

    public init(attemptID: UUID, status: Status, pid: Int32, bootID: String?, startedAt: String, updatedAt: String,
                assetID: String, operatorID: String?, customer: String?, device: DeviceIdentity, level: SanitizationLevel,
                technique: SanitizationTechnique, scheme: String?, plannedPasses: [String], verification: VerificationMode,
                chunkSize: ByteCount, passes: [PassRecord], result: WipeResult?, certificateID: String?) {
        self.attemptID = attemptID
        self.status = status
        self.pid = pid
        self.bootID = bootID
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.assetID = assetID
        self.operatorID = operatorID
        self.customer = customer
        self.device = device
        self.level = level
        self.technique = technique
        self.scheme = scheme
        self.plannedPasses = plannedPasses
        self.verification = verification
        self.chunkSize = chunkSize
        self.passes = passes
        self.result = result
        self.certificateID = certificateID
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case attemptID = "attempt_id"
        case status, pid
        case bootID = "boot_id"
        case startedAt = "started_at"
        case updatedAt = "updated_at"
        case assetID = "asset_id"
        case operatorID = "operator_id"
        case customer, device, level, technique, scheme
        case plannedPasses = "planned_passes"
        case verification
        case chunkSize = "chunk_bytes"
        case passes, result
        case certificateID = "certificate_id"
        case temporaryPassword = "temporary_password"
        case outcome
    }
}

/// The attempt journal under `$EXPUNGE_HOME/journal`, one file per attempt, written atomically.
public struct AttemptJournal: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public static var bootID: String? {
        (try? SystemCall.readText(path: "/proc/sys/kernel/random/boot_id"))?.trimmingSpaces()
    }

    func path(_ id: UUID) -> String { directory + "/" + id.uuidString.lowercased() + ".json" }

    public func write(_ entry: JournalEntry) throws {
        try AtomicFile.ensureDirectory(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write([UInt8](try encoder.encode(entry)) + [0x0A], to: path(entry.attemptID), mode: 0o600)
    }

    public func entries() -> [JournalEntry] {
        let decoder = JSONDecoder()
        var out: [JournalEntry] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".json") && !name.hasPrefix(".") {
            if let data = FileManager.default.contents(atPath: directory + "/" + name),
               let e = try? decoder.decode(JournalEntry.self, from: data) {
                out.append(e)
            }
        }
        return out.sorted { $0.startedAt < $1.startedAt }
    }

    /// Whether an in-progress entry's process is gone (other boot, or no such process running expunge).
    public static func isStale(_ entry: JournalEntry, currentBootID: String? = AttemptJournal.bootID) -> Bool {
        guard entry.status == .inProgress else { return false }
        if let b = entry.bootID, let c = currentBootID, b != c { return true }
        if !SystemCall.processExists(entry.pid) { return true }
        let cmdline = (try? SystemCall.readText(path: "/proc/\(entry.pid)/cmdline")) ?? ""
        return !cmdline.contains("expunge")
    }

    /// Whether the entry's outcome is known but not certified.
    public static func isUncertified(_ entry: JournalEntry) -> Bool {
        entry.status == .uncertified && entry.outcome != nil
    }

    /// The outcome of an interrupted attempt, reconstructed from its journal entry.
    public static func interruptedOutcome(_ entry: JournalEntry, now: Date = Date()) -> WipeOutcome {
        let started = Timestamp.parse(entry.startedAt) ?? now
        return WipeOutcome(
            attemptID: entry.attemptID, result: .interrupted, reasons: [.processInterrupted], level: entry.level,
            technique: entry.technique, scheme: entry.scheme, chunkSize: entry.chunkSize,
            identityAtStart: entry.device, identityAtEnd: nil, passes: entry.passes,
            verification: VerificationRecord(mode: entry.verification),
            errors: [WipeErrorRecord(operation: "process", message: "the wipe process ended without completing (crash, power loss or kill); last journal update \(entry.updatedAt)")],
            startedAt: entry.startedAt, endedAt: entry.updatedAt,
            durationSeconds: max(0, (Timestamp.parse(entry.updatedAt) ?? started).timeIntervalSince(started)))
    }
}
