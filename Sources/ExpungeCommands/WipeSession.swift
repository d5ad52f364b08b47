import BlockIO
import Devices
import Evidence
import Foundation
import Records
import Sanitization
import StorageModel

/// What the operator asked for.
struct WipeRequest: Sendable {
    var devicePaths: [String]
    var assetID: String
    var operatorID: String?
    var customer: String?
    var level: SanitizationLevel
    var scheme: OverwriteScheme?
    var patterns: [OverwritePattern]
    var verification: VerificationMode
    var chunkSize: ByteCount
    /// For `--level purge`: the technique asked for, if any, and whether to send it even when the
    /// device does not advertise it.
    var technique: PurgeTechnique? = nil
    var force: Bool = false
    var removeHiddenAreas: Bool = false
}

/// A device checked and planned, not yet opened.
struct PreparedWipe: Sendable {
    var descriptor: DeviceDescriptor
    var plan: WipePlan
    /// Set for `--level purge`: the firmware technique to run instead of an overwrite.
    var purge: PurgePlan? = nil

    var description: String { purge?.description ?? plan.description }
}

/// How one device's attempt ended, with its certificate.
struct DeviceWipeResult: Sendable {
    var path: String
    var outcome: WipeOutcome
    var certificate: LedgerEntry?
    /// Set when the certificate could not be written (the outcome is still in the journal).
    var certificateError: String?
}

/// Carries a wipe from request to certificates: checks every device, plans, journals before the
/// first byte, runs the jobs in parallel, certifies each outcome (passed or not), completes the
/// journal. Nothing here parses arguments or prints; the `wipe` command does that.
struct WipeSession: Sendable {
    let home: ExpungeHome
    let signer: (any DocumentSigning)?
    let inventory: DeviceInventory
    let tool: ToolInfo
    /// Where certificates are indexed and unknown assets created; nil to skip (dry runs, tests).
    var store: (any RecordStore)?
    /// Firmware capability probing and transports (scripted in tests).
    var probe = PurgeCapabilityProbe()

    var journal: AttemptJournal { AttemptJournal(directory: home.journal) }
    var ledger: Ledger { Ledger(directory: home.ledger) }

    /// Resolves and checks every device; refuses the whole request if any is unsafe, so nothing
    /// is written unless everything named may be.
    func prepare(_ request: WipeRequest) throws -> [PreparedWipe] {
        let snapshot = try inventory.scan()
        var seen: Set<String> = []
        var prepared: [PreparedWipe] = []
        var refusals: [String] = []
        for path in request.devicePaths {
            let d = try snapshot.device(named: path)
            guard seen.insert(d.path).inserted else {
                throw ExpungeError(.usage, "\(path) names \(d.path), which is already in the list", remedy: "name each device once")
            }
            if !d.isWipeable {
                for r in d.refusals { refusals.append("\(d.path): \(r.reason.rawValue): \(r.detail) — \(r.remedy)") }
                continue
            }
            let passes = request.patterns.map { PlannedPass(pattern: $0) }
            var p = PreparedWipe(descriptor: d, plan: WipePlan(
                identity: d.identity, level: request.level, scheme: request.scheme?.name, passes: passes,
                verification: request.verification, chunkSize: request.chunkSize))
            if request.level == .purge {
                let caps = probe.probe(path: d.path, transport: d.transport, media: d.mediaType)
                let technique: PurgeTechnique
                if request.force, let forced = request.technique, forced.isPurge(on: d.mediaType), caps.blocker == nil {
                    technique = forced
                } else {
                    switch PurgePlanner.choose(capabilities: caps, media: d.mediaType, requested: request.technique, path: d.path) {
                    case .success(let t): technique = t
                    case .failure(let e): throw e
                    }
                }
                p.purge = PurgePlan(attemptID: p.plan.attemptID, identity: d.identity, technique: technique, capabilities: caps,
                                    forced: request.force && !caps.available.contains(technique))
                p.purge?.removeHiddenAreas = request.removeHiddenAreas
            }
            prepared.append(p)
        }
        if !refusals.isEmpty {
            throw ExpungeError(.failed, "refusing to wipe; nothing was written:\n  " + refusals.joined(separator: "\n  "),
                               remedy: "resolve the reasons above (see `expunge devices`) or leave those devices out")
        }
        return prepared
    }

    /// Certifies attempts that a dead process left in progress, as `interrupted`.
    func recoverInterrupted() -> [LedgerEntry] {
        guard let signer else { return [] }
        var out: [LedgerEntry] = []
        for var entry in journal.entries() where AttemptJournal.isStale(entry) {
            let outcome = AttemptJournal.interruptedOutcome(entry)
            if let cert = try? certifyOnce(outcome, assetID: entry.assetID, operatorID: entry.operatorID, customer: entry.customer, signer: signer) {
                entry.status = .completed
                entry.result = .interrupted
                entry.certificateID = cert.id
                entry.updatedAt = Timestamp.rfc3339(Date())
                try? journal.write(entry)
                out.append(cert)
            }
        }
        return out
    }

    /// Runs the prepared wipes in parallel; each device's failure stays its own.
    func run(_ prepared: [PreparedWipe], request: WipeRequest, cancellation: CancellationFlag,
             progress: @escaping ProgressHandler) async -> [DeviceWipeResult] {
        await withTaskGroup(of: (Int, DeviceWipeResult).self) { group in
            for (index, p) in prepared.enumerated() {
                group.addTask {
                    (index, await runOne(p, request: request, cancellation: cancellation, progress: progress))
                }
            }
            var results = [DeviceWipeResult?](repeating: nil, count: prepared.count)
            for await (i, r) in group { results[i] = r }
            return results.compactMap { $0 }
        }
    }

    func runOne(_ p: PreparedWipe, request: WipeRequest, cancellation: CancellationFlag,
                progress: @escaping ProgressHandler) async -> DeviceWipeResult {
        let path = p.descriptor.path
        let now = Timestamp.rfc3339(Date())
        var entry = JournalEntry(
            attemptID: p.plan.attemptID, status: .inProgress, pid: getpid(), bootID: AttemptJournal.bootID,
            startedAt: now, updatedAt: now, assetID: request.assetID, operatorID: request.operatorID, customer: request.customer,
            device: p.plan.identity, level: p.plan.level, technique: p.purge?.technique.rawValue ?? "overwrite", scheme: p.plan.scheme,
            plannedPasses: p.purge == nil ? p.plan.passes.map { "\($0.pattern)" } : [], verification: p.purge == nil ? p.plan.verification : .sample,
            chunkSize: p.plan.chunkSize, passes: [], result: nil, certificateID: nil)

        let outcome: WipeOutcome
        do {
            let handle = try ExclusiveBlockDevice(path: path)
            guard handle.size == p.plan.identity.capacity else {
                throw ExpungeError(.failed, "\(path) reports \(handle.size.bytes) bytes now, \(p.plan.identity.capacity.bytes) when listed",
                                   remedy: "the device changed; list devices again")
            }
            // The journal entry exists before the first byte is written.
            try journal.write(entry)
            let journalRef = JournalBox(entry: entry, journal: journal)
            if let purge = p.purge {
                let job = FirmwarePurgeJob(plan: purge, device: handle, transports: probe.transports,
                                           identityReader: InventoryIdentityReader(path: path, inventory: inventory.withoutExclusivityProbe, handle: handle),
                                           cancellation: cancellation, persistSecret: { journalRef.update(secret: $0) })
                progress(ProgressSample(devicePath: path, phase: .writing, pass: 1, passCount: 1, done: .zero, total: handle.size, bytesPerSecond: 0, errorCount: 0))
                let result = await job.runDetached()
                progress(ProgressSample(devicePath: path, phase: .finished, pass: 1, passCount: 1, done: handle.size, total: handle.size, bytesPerSecond: 0, errorCount: 0))
                entry = journalRef.current
                throw Finished.purge(result)
            }
            let job = WipeJob(plan: p.plan, device: handle,
                              identityReader: InventoryIdentityReader(path: path, inventory: inventory.withoutExclusivityProbe, handle: handle),
                              cancellation: cancellation, progress: progress,
                              passCompleted: { passes in journalRef.update(passes: passes) },
                              beforeVerification: { Self.runTestHook(device: path) })
            outcome = await job.runDetached()
            entry = journalRef.current
        } catch Finished.purge(let result) {
            outcome = result
        } catch {
            // Could not even start: an explicit failed attempt, certified like any other.
            let message = (error as? any OperatorError)?.description ?? "\(error)"
            outcome = WipeOutcome(
                attemptID: p.plan.attemptID, result: .failed, reasons: [.ioFailure], level: p.plan.level, technique: "overwrite",
                scheme: p.plan.scheme, chunkSize: p.plan.chunkSize, identityAtStart: p.plan.identity, identityAtEnd: nil,
                passes: [], verification: VerificationRecord(mode: p.plan.verification),
                errors: [WipeErrorRecord(operation: "open", message: message)], startedAt: now, endedAt: Timestamp.rfc3339(Date()),
                durationSeconds: 0)
        }

        var result = DeviceWipeResult(path: path, outcome: outcome)
        if let signer {
            do {
                result.certificate = try certify(outcome, assetID: request.assetID, operatorID: request.operatorID,
                                                 customer: request.customer, signer: signer)
            } catch {
                result.certificateError = (error as? any OperatorError)?.description ?? "\(error)"
            }
        }
        entry.status = .completed
        entry.result = outcome.result
        entry.passes = outcome.passes
        entry.certificateID = result.certificate?.id
        entry.updatedAt = Timestamp.rfc3339(Date())
        try? journal.write(entry)
        return result
    }

    /// Test seam: `EXPUNGE_TEST_HOOK_BEFORE_VERIFY` names a program run (with the device path as
    /// its argument) between the last flush and the verification reads, so integration tests can
    /// change data behind the tool's back. Documented in Docs/design/testing.md.
    static func runTestHook(device: String) {
        guard let hook = ProcessInfo.processInfo.environment["EXPUNGE_TEST_HOOK_BEFORE_VERIFY"], !hook.isEmpty else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: hook)
        p.arguments = [device]
        try? p.run()
        p.waitUntilExit()
    }

    func certify(_ outcome: WipeOutcome, assetID: String, operatorID: String?, customer: String?,
                 signer: any DocumentSigning) throws -> LedgerEntry {
        var certificate: WipeCertificate?
        let entry = try ledger.append(station: signer.station.name, attemptID: outcome.attemptID, make: { position in
            let c = WipeCertificate(outcome: outcome, position: position, station: signer.station, operatorID: operatorID,
                                    assetID: assetID, customer: customer, tool: tool)
            certificate = c
            return try c.encoded()
        }, sign: { try signer.sign($0) })
        index(certificate!, entry: entry)
        return entry
    }

    /// Indexes a certificate in the record store, creating an unknown asset from the device
    /// identity (flagged not in the register). The signed file is already written; if the store
    /// fails, `expunge records rebuild` recovers the index from the ledger.
    func index(_ certificate: WipeCertificate, entry: LedgerEntry) {
        guard let store else { return }
        do {
            _ = try store.ensureAsset(AssetRecord.fromDevice(certificate.assetID, certificate.device, customer: certificate.customer,
                                                             at: certificate.issuedAt))
            try store.index(certificate: CertificateIndexEntry(certificate, sha256: entry.sha256, path: entry.documentPath))
        } catch {
            Console.err("expunge: \(entry.id) is signed and stored, but the record index was not updated (\(error)); run `expunge records rebuild`")
        }
    }
}

/// Leaves the overwrite path once a purge has produced its outcome.
enum Finished: Error { case purge(WipeOutcome) }

/// The journal entry of a running job, updated from the job thread after each pass.
final class JournalBox: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: JournalEntry
    private let journal: AttemptJournal

    init(entry: JournalEntry, journal: AttemptJournal) {
        self.entry = entry
        self.journal = journal
    }

    func update(passes: [PassRecord]) {
        lock.lock()
        defer { lock.unlock() }
        entry.passes = passes
        entry.updatedAt = Timestamp.rfc3339(Date())
        try? journal.write(entry)
    }

    /// Records a secret the device now holds (a temporary ATA password) before it is set.
    func update(secret: String) {
        lock.lock()
        defer { lock.unlock() }
        entry.temporaryPassword = secret
        entry.updatedAt = Timestamp.rfc3339(Date())
        try? journal.write(entry)
    }

    var current: JournalEntry {
        lock.lock()
        defer { lock.unlock() }
        return entry
    }
}

extension DeviceInventory {
    /// The same inventory without the exclusive-open probe (for a device this process holds open).
    var withoutExclusivityProbe: DeviceInventory {
        var copy = self
        copy.probe = NoExclusivityProbe()
        return copy
    }
}
