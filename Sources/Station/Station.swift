import BlockIO
import Devices
import Evidence
import Foundation
import Glibc
import Records
import Sanitization
import StorageModel

/// The application service under every front end (`expunge wipe`, the station console, the live
/// image): prepares a request into per-device plans, journals each attempt before its first byte,
/// runs Clear and Purge jobs in parallel, certifies every outcome, indexes the certificates, and
/// recovers attempts a dead process left behind. It reports through `StationEvent`s and never
/// prints.
public struct Station: Sendable {
    public let environment: StationEnvironment
    /// Signs every certificate; nil only for dry runs, which write nothing.
    public let signer: (any DocumentSigning)?
    /// Where certificates are indexed and unknown assets created; nil to skip.
    public let store: (any RecordStore)?
    /// Reads health before and after each attempt and grades it for the certificate; nil to
    /// skip (dry runs).
    public let health: HealthCheck?

    public init(environment: StationEnvironment, signer: (any DocumentSigning)?, store: (any RecordStore)?, health: HealthCheck? = nil) {
        self.environment = environment
        self.signer = signer
        self.store = store
        self.health = health
    }

    /// A station ready to sanitize: the key is loaded first (no key, no wipe: an unsigned result
    /// is never produced), then the health rules (an invalid rules file is refused before any
    /// wipe), then the record store.
    public static func open(_ environment: StationEnvironment) async throws -> Station {
        let signer = try environment.loadSigner()
        let health = try environment.loadHealthCheck()
        return Station(environment: environment, signer: signer, store: try await environment.openStore(), health: health)
    }

    // MARK: Preparing

    /// Checks and plans every named device, each on its own: ready, or refused with its reasons.
    /// Throws only when the disks cannot be enumerated at all.
    public func prepare(_ request: WipeRequest) throws -> [DevicePreparation] {
        let lookups = try environment.devices.lookup(request.devicePaths)
        var seen: Set<String> = []
        var out: [DevicePreparation] = []
        for (path, lookup) in zip(request.devicePaths, lookups) {
            let d: DeviceDescriptor
            switch lookup {
            case .failure(let e):
                out.append(.refused(DeviceRefusal(path: path, reasons: [e.description], exitStatus: e.exitStatus, code: e.code, error: e)))
                continue
            case .success(let found): d = found
            }
            guard seen.insert(d.path).inserted else {
                let e = ExpungeError(.usage, code: "device-named-twice", "\(path) names \(d.path), which is already in the list",
                                     remedy: "name each device once")
                out.append(.refused(DeviceRefusal(path: path, reasons: [e.description], exitStatus: .usage, code: e.code, error: e)))
                continue
            }
            if !d.isWipeable {
                out.append(.refused(DeviceRefusal(
                    path: d.path, reasons: d.refusals.map { "\($0.reason.rawValue): \($0.detail) — \($0.remedy)" },
                    exitStatus: .failed, code: d.refusals.first.map { "refused-" + $0.reason.rawValue } ?? "refused", error: nil)))
                continue
            }
            out.append(plan(d, request))
        }
        return out
    }

    /// The `wipe` command's rule on top of `prepare`: nothing is written unless every named device
    /// may be. Returns the plans, or throws one error naming every refusal.
    public static func requireAllReady(_ preparations: [DevicePreparation]) throws -> [PreparedWipe] {
        let refusals = preparations.compactMap(\.refusal)
        if refusals.isEmpty { return preparations.compactMap(\.prepared) }
        // A wrong path or a purge the device cannot do keeps its own error (and exit status).
        if let first = refusals.first(where: { $0.error != nil }), let error = first.error { throw error }
        let lines = refusals.flatMap { r in r.reasons.map { "\(r.path): \($0)" } }
        throw ExpungeError(.failed, code: refusals[0].code, "refusing to wipe; nothing was written:\n  " + lines.joined(separator: "\n  "),
                           remedy: "resolve the reasons above (see `expunge devices`) or leave those devices out")
    }

    func plan(_ d: DeviceDescriptor, _ request: WipeRequest) -> DevicePreparation {
        var p = PreparedWipe(descriptor: d, plan: WipePlan(
            identity: d.identity, level: request.level, scheme: request.scheme?.name,
            passes: request.patterns.map { PlannedPass(pattern: $0) },
            verification: request.verification, chunkSize: request.chunkSize))
        p.plan.readPath = environment.devices.readPath(for: d)
        let capacity = environment.probe.capacity(path: d.path, transport: d.transport, size: d.size, logicalBlock: d.logicalSectorSize)
        if let e = Self.hiddenAreaRefusal(capacity, device: d, request: request) {
            return .refused(DeviceRefusal(path: d.path, reasons: [e.description], exitStatus: e.exitStatus, code: e.code, error: e))
        }
        p.plan.capacity = capacity
        p.plan.removeHiddenAreas = request.removeHiddenAreas
        let namespaces = d.transport == .nvme ? environment.probe.nvmeNamespaces(path: d.path) : nil
        if let ns = namespaces?.namespace { Self.record(ns, in: &p.plan.identity) }
        p.plan.scope = namespaces?.scope(technique: nil) ?? .device(d.transport)
        guard request.level == .purge else { return .ready(p) }

        let caps = environment.probe.probe(path: d.path, transport: d.transport, media: d.mediaType)
        let technique: PurgeTechnique
        if request.force, let forced = request.technique, forced.isPurge(on: d.mediaType), caps.blocker == nil {
            technique = forced
        } else {
            switch PurgePlanner.choose(capabilities: caps, media: d.mediaType, requested: request.technique, path: d.path) {
            case .success(let t): technique = t
            case .failure(let e):
                return .refused(DeviceRefusal(path: d.path, reasons: [e.description], exitStatus: e.exitStatus, code: e.code, error: e))
            }
        }
        var purge = PurgePlan(attemptID: p.plan.attemptID, identity: p.plan.identity, technique: technique, capabilities: caps,
                              forced: request.force && !caps.available.contains(technique))
        purge.removeHiddenAreas = request.removeHiddenAreas
        purge.allowHiddenAreas = request.allowHiddenAreas
        purge.capacity = capacity
        purge.scope = namespaces?.scope(technique: technique) ?? .device(d.transport)
        p.purge = purge
        return .ready(p)
    }

    // MARK: Recovering

    /// Certifies attempts that a dead process left in progress, as `interrupted`.
    public func recoverInterrupted() async -> [LedgerEntry] {
        // The machine is left out: a recovered attempt may come from another boot of the stick,
        // on another computer, and the journal does not record which.
        guard var certifier else { return [] }
        certifier.machine = nil
        return await AttemptRecovery(journal: environment.journal, certifier: certifier, clock: environment.clock).recover().map(\.entry)
    }

    var certifier: Certifier? {
        signer.map { Certifier(ledger: environment.ledger, signer: $0, tool: environment.tool, store: store,
                                  outbox: Outbox(home: environment.home), machine: environment.machine) }
    }

    // MARK: Running

    /// Starts the prepared devices in parallel; each device's failure stays its own. `cancellation`
    /// is the session's flag (a signal handler sets it); each device also has its own.
    public func start(_ prepared: [PreparedWipe], request: WipeRequest, cancellation: CancellationFlag = CancellationFlag()) -> WipeRun {
        // The certificates name this build by its SHA-256: hashed alongside the first pass.
        environment.tool.prefetch()
        let (events, continuation) = AsyncStream.makeStream(of: StationEvent.self, bufferingPolicy: .unbounded)
        var flags: [String: CancellationFlag] = [:]
        for p in prepared { flags[p.path] = CancellationFlag(parent: cancellation) }
        let deviceFlags = flags
        let emit: @Sendable (StationEvent) -> Void = { continuation.yield($0) }
        let task = Task {
            let results = await withTaskGroup(of: (Int, DeviceWipeResult).self) { group in
                for (index, p) in prepared.enumerated() {
                    group.addTask {
                        (index, await self.runOne(p, request: request, cancellation: deviceFlags[p.path]!, emit: emit))
                    }
                }
                var results = [DeviceWipeResult?](repeating: nil, count: prepared.count)
                for await (i, r) in group { results[i] = r }
                return results.compactMap { $0 }
            }
            continuation.finish()
            return results
        }
        return WipeRun(events: events, session: cancellation, perDevice: deviceFlags, task: task)
    }

    /// One device, start to certificate. Never throws: what cannot even start is a failed
    /// attempt, certified like any other.
    func runOne(_ p: PreparedWipe, request: WipeRequest, cancellation: CancellationFlag,
                emit: @escaping @Sendable (StationEvent) -> Void) async -> DeviceWipeResult {
        emit(.devicePrepared(p))
        let startedAt = environment.clock.now()
        let recorder = AttemptRecorder(entry: journalEntry(p, request: request, at: startedAt), journal: environment.journal,
                                       clock: environment.clock)
        let outcome: WipeOutcome
        var reservation: EvidenceReservation?
        var healthRecord: HealthRecord?
        switch makeJob(p, recorder: recorder, cancellation: cancellation, emit: emit) {
        case .ready(let job, let reserved):
            reservation = reserved
            // Health is read before the first byte and after the last; a reading never stops the wipe.
            let transport = p.descriptor.transport
            let before = await health?.read(path: p.path, transport: transport)
            outcome = await job.runDetached()
            if let health {
                let after = await health.read(path: p.path, transport: transport)
                healthRecord = health.record(before: before, after: after, outcome: outcome)
            }
        case .notStarted(let e, let operation, let reason, let found, let capacity):
            outcome = notStarted(p, error: e, operation: operation, reason: reason, found: found, capacity: capacity, startedAt: startedAt)
        case .refused(let refusal):
            // Never started: nothing written, nothing journalled, nothing to certify.
            emit(.refused(refusal))
            let e = refusal.error ?? ExpungeError(refusal.exitStatus, code: refusal.code, refusal.reasons.joined(separator: "; "))
            return DeviceWipeResult(path: p.path, outcome: notStarted(p, error: e, operation: "open", reason: .ioFailure, startedAt: startedAt),
                                    refusal: refusal)
        }
        if p.purge != nil {
            let size = p.plan.identity.capacity
            emit(.progress(ProgressSample(devicePath: p.path, phase: .finished, pass: 1, passCount: 1, done: size, total: size,
                                          bytesPerSecond: 0, errorCount: 0)))
        }
        emit(.outcome(device: p.path, outcome))
        if let healthRecord { emit(.health(device: p.path, healthRecord)) }

        var result = DeviceWipeResult(path: p.path, outcome: outcome)
        guard let certifier else {
            reservation?.release()
            return result
        }
        // The outcome is in the journal before the certificate is attempted; the space set aside
        // for the evidence is handed back to it.
        recorder.recordOutcome(outcome)
        reservation?.release()
        do {
            let certified = try await certifier.certifyOnce(outcome, assetID: request.assetID, operatorID: request.operatorID,
                                                            customer: request.customer, health: healthRecord)
            result.certificate = certified.entry
            emit(.certificateWritten(device: p.path, certified.entry))
            if let e = certified.indexError { emit(.indexFailed(device: p.path, certificateID: certified.entry.id, message: e)) }
        } catch {
            // A document the ledger committed before a later step failed is still the certificate.
            if let written = try? certifier.ledger.entry(certifying: outcome.attemptID) {
                result.certificate = written
                emit(.certificateWritten(device: p.path, written))
            } else {
                let message = (error as? any OperatorError)?.description ?? "\(error)"
                result.certificateError = message
                emit(.certificateFailed(device: p.path, message: message))
            }
        }
        if let id = result.certificate?.id { recorder.complete(certificateID: id) }
        return result
    }

    /// Opens the device, checks it is still the one planned, sets aside the space its evidence
    /// needs and journals the attempt (before any byte is written), and builds the job.
    ///
    /// A device another process holds (`EBUSY`: typically the winner of two wipes racing for
    /// it) and a home that cannot store the evidence are refusals: the attempt never starts and
    /// nothing is journalled or certified. A device that cannot be opened for another reason or
    /// has changed is a failed attempt, certified as such.
    func makeJob(_ p: PreparedWipe, recorder: AttemptRecorder, cancellation: CancellationFlag,
                 emit: @escaping @Sendable (StationEvent) -> Void) -> JobStart {
        var handle: any BlockDevice
        do { handle = try environment.devices.openExclusive(p.descriptor) } catch {
            if let e = error as? BlockDeviceOpenError, e.errno == .busy {
                return .refused(DeviceRefusal(path: p.path, reasons: [e.description + " — another process (another wipe?) holds it"],
                                              exitStatus: .failed, code: "device-busy", error: e))
            }
            return .notStarted(Self.operatorError(error), operation: "open", reason: .ioFailure)
        }
        // The device the descriptor holds must be the one planned and confirmed, before any write.
        let opened: OpenedIdentity
        do { opened = try environment.devices.openedIdentity(handle, descriptor: p.descriptor) } catch {
            return .notStarted(ExpungeError(.failed, code: "identity-changed", "\(p.path): the identity could not be read through the open device: "
                                            + ((error as? any OperatorError)?.message ?? "\(error)"), remedy: "list devices again"),
                               operation: "identity-before-write", reason: .identityChanged)
        }
        let changed = IdentityConfirmation.differences(planned: p.plan.identity, confirmed: p.descriptor, opened: opened)
        guard changed.isEmpty else {
            return .notStarted(ExpungeError(.failed, code: "identity-changed", "\(p.path) is not the device planned and confirmed: "
                                            + changed.joined(separator: "; "), remedy: "the device changed; list devices again"),
                               operation: "identity-before-write", reason: .identityChanged, found: opened.identity)
        }
        // The evidence must have room before the device is touched.
        let reservation: EvidenceReservation
        do {
            reservation = try EvidenceReservation.reserve(in: environment.home.ledger, attemptID: p.plan.attemptID,
                                                          bytes: environment.evidenceReservationBytes)
        } catch {
            return .refused(DeviceRefusal(path: p.path, reasons: [error.description], exitStatus: error.exitStatus, code: error.code, error: error))
        }
        // The journal entry exists before the first byte is written.
        do { try recorder.begin() } catch {
            reservation.release()
            let e = Self.operatorError(error)
            return .refused(DeviceRefusal(path: p.path, reasons: ["the attempt could not be journalled, so it was not started: \(e.description)"],
                                          exitStatus: e.exitStatus, code: "journal-failed", error: e))
        }
        var plan = p.plan
        if p.purge == nil && plan.removeHiddenAreas {
            switch restoreHiddenArea(p, handle: handle, plan: &plan) {
            case .restored(let reopened): handle = reopened
            case .failed(let e, let operation, let reason, let capacity, let found):
                // The space set aside goes to the certificate of this failed attempt.
                reservation.release()
                return .notStarted(e, operation: operation, reason: reason, found: found, capacity: capacity)
            }
        }

        let identity = environment.devices.identityReader(for: p.descriptor, handle: handle)
        let devices = environment.devices, descriptor = p.descriptor
        let readPath: @Sendable () -> ReadPath? = { devices.readPath(for: descriptor) }
        if let purge = p.purge {
            emit(.progress(ProgressSample(devicePath: p.path, phase: .writing, pass: 1, passCount: 1, done: .zero, total: handle.size,
                                          bytesPerSecond: 0, errorCount: 0)))
            emit(.passStarted(device: p.path, pass: 1, of: 1))
            return .ready(FirmwarePurgeJob(plan: purge, device: handle, transports: environment.probe.transports, identityReader: identity,
                                             clock: environment.clock, cancellation: cancellation,
                                             persistSecret: { recorder.update(secret: $0) }, readPath: readPath), reservation)
        }
        let hook = environment.beforeVerification
        let path = p.path
        return .ready(WipeJob(plan: plan, device: handle, identityReader: identity, cancellation: cancellation,
                                clock: environment.clock, progress: ProgressEvents(emit: emit).handler,
                                passCompleted: { recorder.update(passes: $0) }, beforeVerification: { hook(path) }, readPath: readPath), reservation)
    }

    /// The outcome of an attempt that could not start: nothing was written and no firmware
    /// command sent. A purge keeps its technique and NIST method (a firmware record without
    /// commands), never the overwrite's.
    func notStarted(_ p: PreparedWipe, error: any OperatorError, operation: String, reason: FailureReason, found: DeviceIdentity? = nil,
                    capacity: CapacityRecord? = nil, startedAt: Date) -> WipeOutcome {
        let now = Timestamp.rfc3339(environment.clock.now())
        let firmware = p.purge.map { purge in
            FirmwareRecord(technique: purge.technique, deviceStatus: ["not started: \(error.message); no command was sent"], notes: purge.capabilities.notes)
        }
        return WipeOutcome(
            attemptID: p.plan.attemptID, result: .failed, reasons: [reason], level: p.plan.level, technique: p.technique,
            scheme: p.purge == nil ? p.plan.scheme : nil, chunkSize: p.plan.chunkSize, identityAtStart: p.plan.identity, identityAtEnd: found,
            passes: [], verification: VerificationRecord(mode: p.purge == nil ? p.plan.verification : .sample),
            errors: [WipeErrorRecord(operation: operation, message: error.description)], firmware: firmware,
            capacity: capacity ?? p.plan.capacity, scope: p.purge?.scope ?? p.plan.scope,
            startedAt: Timestamp.rfc3339(startedAt), endedAt: now, durationSeconds: 0)
    }

    func journalEntry(_ p: PreparedWipe, request: WipeRequest, at date: Date) -> JournalEntry {
        let now = Timestamp.rfc3339(date)
        return JournalEntry(
            attemptID: p.plan.attemptID, status: .inProgress, pid: getpid(), bootID: AttemptJournal.bootID,
            startedAt: now, updatedAt: now, assetID: request.assetID, operatorID: request.operatorID, customer: request.customer,
            device: p.plan.identity, level: p.plan.level, technique: p.technique, scheme: p.plan.scheme,
            plannedPasses: p.purge == nil ? p.plan.passes.map { "\($0.pattern)" } : [],
            verification: p.purge == nil ? p.plan.verification : .sample,
            chunkSize: p.plan.chunkSize, passes: [], result: nil, certificateID: nil)
    }

    static func operatorError(_ error: any Error) -> any OperatorError {
        if let e = error as? any OperatorError { return e }
        return ExpungeError(.failed, code: "io-failure", "\(error)", cause: error)
    }
}

/// Whether a device's job could be built: ready (with the evidence space set aside); not started
/// (certified as a failed attempt, with the step that stopped it as the error's operation); or
/// refused (never an attempt: nothing journalled, nothing certified).
enum JobStart {
    case ready(any SanitizationJob, EvidenceReservation)
    /// `found`: the identity of the device actually opened, when it is not the one planned.
    /// `capacity`: the capacity record with the commands sent before the attempt stopped.
    case notStarted(any OperatorError, operation: String, reason: FailureReason, found: DeviceIdentity? = nil, capacity: CapacityRecord? = nil)
    case refused(DeviceRefusal)
}
