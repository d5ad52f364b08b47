import BlockIO
import Foundation
import StorageModel

/// A Purge by the drive's own command: NVMe Format/Sanitize, ATA SANITIZE / SECURITY ERASE UNIT,
/// SCSI SANITIZE. Success needs all of: the command accepted; the device's own status saying
/// completed, where it has one; and every canary block written before the command changed
/// afterwards (matching the expected pattern where the drive promises one). A drive that accepts
/// the command and changes nothing ends failed.
///
/// A stop request (`cancellation`) is honoured up to the moment a destructive command is sent:
/// then the attempt ends `aborted` and nothing destructive was sent. After that the drive carries
/// the command out on its own, so the job follows it to the end and reports the drive's result.
///
/// The job orchestrates: hidden areas, canaries, the interface's `PurgeExecutor`, the verdict.
public final class FirmwarePurgeJob: @unchecked Sendable {
    public let plan: PurgePlan
    let device: any BlockDevice
    let transports: any FirmwareTransportFactory
    let identityReader: any IdentityReading
    let clock: any WipeClock
    let cancellation: CancellationFlag
    /// Where the temporary ATA password is persisted before it is set (so a crash never leaves a
    /// drive locked with an unknown password).
    let persistSecret: @Sendable (String) -> Void
    /// Where the canary reads come from, asked when they are read back (nil: not known).
    let readPath: @Sendable () -> ReadPath?

    public init(plan: PurgePlan, device: any BlockDevice, transports: any FirmwareTransportFactory, identityReader: any IdentityReading,
                clock: any WipeClock = SystemWipeClock(), cancellation: CancellationFlag = CancellationFlag(),
                persistSecret: @escaping @Sendable (String) -> Void = { _ in }, readPath: @escaping @Sendable () -> ReadPath? = { nil }) {
        self.readPath = readPath
        self.plan = plan
        self.device = device
        self.transports = transports
        self.identityReader = identityReader
        self.clock = clock
        self.cancellation = cancellation
        self.persistSecret = persistSecret
    }

    /// Runs the purge on its own thread (firmware commands block for minutes to hours).
    public func runDetached() async -> WipeOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<WipeOutcome, Never>) in
            let thread = Thread {
                SystemCall.nameCurrentThread("expunge.purge")
                continuation.resume(returning: self.run())
            }
            thread.name = "expunge.purge \(plan.identity.path)"
            thread.start()
        }
    }

    public func run() -> WipeOutcome {
        let started = clock.now(), startNanos = clock.uptimeNanoseconds()
        let recorder = PurgeRecorder()
        let context = PurgeContext(plan: plan, transports: transports, clock: clock, cancellation: cancellation, recorder: recorder,
                                   persistSecret: persistSecret)
        var reasons: [FailureReason] = []
        // Verification starts when the canaries are written (its start time says they were).
        var verification = VerificationRecord(mode: .sample, seed: plan.canarySeed, samplingAlgorithm: "canary-splitmix64-v1",
                                              samples: plan.canaryCount + 2)
        // A stop request before anything is sent or written ends the attempt aborted, untouched.
        var aborted = cancellation.isCancelled
        if aborted { recorder.status("stop requested before the purge started: nothing written, nothing sent") }
        var capacity = plan.capacity
        if !aborted, let hidden = plan.capabilities.hiddenSectors, hidden > 0 {
            if let problem = restoreHiddenArea(hidden, context) {
                if !(plan.allowHiddenAreas && !plan.removeHiddenAreas) {
                    reasons.append(.hiddenArea)
                    recorder.error(WipeErrorRecord(operation: "hidden-area", message: problem))
                }
            } else if var c = capacity {
                for i in c.hiddenRanges.indices where c.hiddenRanges[i].kind == .hpa { c.hiddenRanges[i].removed = true }
                c.hiddenAreas = c.remainingHiddenRanges.isEmpty ? .removed : .notSanitized
                capacity = c
            }
        }
        let canaries = CanarySet(device: device, seed: plan.canarySeed, count: plan.canaryCount)
        var planted = false
        if reasons.isEmpty && !aborted {
            do {
                verification.startedAt = Timestamp.rfc3339(clock.now())
                try canaries.plant()
                planted = true
            } catch {
                recorder.error(WipeErrorRecord(operation: "write", errno: (error as? Errno)?.symbol, message: "could not write the canary blocks: \(error)"))
                reasons.append(.ioFailure)
            }
        }

        if planted {
            switch execute(context) {
            case .completed: break
            case .rejected: reasons.append(.commandRejected)
            case .unsupported: reasons.append(.notSupported)
            case .statusFailed: reasons.append(.deviceStatusFailed)
            case .cancelled: aborted = true
            }
            if !aborted {
                if cancellation.isCancelled {
                    // Not an error: a sent firmware command cannot be called back, so its real result is followed to the end.
                    recorder.status("stop requested after the command was sent: the drive carries it out on its own; its result was followed to the end")
                }
                // Check the canaries whatever the command said: evidence either way.
                reasons += checkCanaries(canaries, into: &verification, recorder)
            }
        }
        if aborted {
            // What stopped it: the reason given with the stop (a removed drive, the operator),
            // else a signal. Exactly one: a removed drive is not also a signal.
            reasons.append(cancellation.reasonGiven ?? .abortedBySignal)
            recorder.error(WipeErrorRecord(operation: "signal", message: "stop requested before the firmware command was sent; no destructive command was sent"))
        }
        if verification.startedAt != nil { verification.endedAt = Timestamp.rfc3339(clock.now()) }

        let (identityAtEnd, identityReasons) = reReadIdentity(recorder)
        reasons += identityReasons
        if let c = capacity, c.hiddenAreas == .notSanitized, !reasons.contains(.hiddenArea) {
            reasons.append(.hiddenAreaNotSanitized)
            for e in WipeJob.hiddenAreaErrors(c) { recorder.error(e) }
        }
        let result: WipeResult = aborted ? .aborted : reasons.isEmpty ? .passed : .failed
        return WipeOutcome(attemptID: plan.attemptID, result: result, reasons: reasons, level: .purge, technique: .firmware(plan.technique),
                           scheme: nil, chunkSize: device.physicalBlockSize, identityAtStart: plan.identity, identityAtEnd: identityAtEnd,
                           passes: [], verification: verification, errors: recorder.errors, firmware: recorder.record(of: plan), capacity: capacity, scope: plan.scope,
                           startedAt: Timestamp.rfc3339(started), endedAt: Timestamp.rfc3339(clock.now()),
                           durationSeconds: WipeJob.seconds(since: startNanos, clock: clock))
    }

    /// The interface's executor; a command that could not be delivered at all is rejected when
    /// not permitted, unsupported otherwise.
    func execute(_ context: PurgeContext) -> PurgeCommandOutcome {
        do {
            return try plan.technique.interface.executor.execute(context)
        } catch {
            context.recorder.error(WipeErrorRecord(operation: "command", errno: error.symbol, message: "the command could not be sent: \(error)"))
            return error == .notPermitted || error == .accessDenied ? .rejected : .unsupported
        }
    }

    /// Reads the canaries back and fills the verification record; returns the failure reasons.
    func checkCanaries(_ canaries: CanarySet, into verification: inout VerificationRecord, _ recorder: PurgeRecorder) -> [FailureReason] {
        var reasons: [FailureReason] = []
        let expected = plan.promisedReadValue
        verification.readPath = readPath()
        let check = canaries.check(expecting: expected)
        let mismatched = check.survivors + check.relocated + check.patternMismatches
        verification.bytesCompared = check.bytesRead
        verification.coverage = device.size == .zero ? 0 : (Double(check.bytesRead.bytes) / Double(device.size.bytes) * 1_000_000).rounded() / 1_000_000
        verification.mismatchedBlocks = UInt64(mismatched.count)
        verification.firstMismatchOffsets = Array(mismatched.sorted().prefix(32))
        verification.unreadableRanges = check.unreadable
        verification.expectedPattern = expected.map { $0 == 0 ? "zero" : $0 == 0xFF ? "one" : String(format: "0x%02X", $0) }
        verification.completed = true
        if !check.survivors.isEmpty {
            reasons.append(.dataUnchanged)
            recorder.error(WipeErrorRecord(operation: "verify", message: "\(check.survivors.count) of \(canaries.positions.count) canary blocks survived the command unchanged"))
        }
        if !check.relocated.isEmpty {
            if !reasons.contains(.dataUnchanged) { reasons.append(.dataUnchanged) }
            recorder.error(WipeErrorRecord(operation: "verify", message: "\(check.relocated.count) of \(canaries.positions.count) canary blocks read back another canary's content: data moved, not erased"))
        }
        if !check.patternMismatches.isEmpty {
            reasons.append(.verificationMismatch)
            recorder.error(WipeErrorRecord(operation: "verify", message: "\(check.patternMismatches.count) of \(canaries.positions.count) canary blocks do not read \(String(format: "0x%02X", expected ?? 0)), the value the command defines"))
        }
        if !check.unreadable.isEmpty { reasons.append(.readErrors) }
        return reasons
    }

    /// The identity at the end must equal the identity at the start.
    func reReadIdentity(_ recorder: PurgeRecorder) -> (DeviceIdentity?, [FailureReason]) {
        let identity: DeviceIdentity
        do {
            identity = try identityReader.currentIdentity()
        } catch {
            recorder.error(WipeErrorRecord(operation: "identity", message: "device identity could not be re-read: \(error)"))
            return (nil, [.identityChanged])
        }
        let diff = plan.identity.differences(from: identity)
        guard diff.isEmpty else {
            recorder.error(WipeErrorRecord(operation: "identity", message: "device identity changed: " + diff.joined(separator: "; ")))
            return (identity, [.identityChanged])
        }
        return (identity, [])
    }

    /// A Host Protected Area keeps sectors out of the purge's and the verification's reach. Without
    /// consent it fails the purge; with `--remove-hidden-areas` the native maximum is restored
    /// (volatile) and confirmed by a fresh IDENTIFY. Returns the problem, or nil when resolved.
    func restoreHiddenArea(_ hidden: UInt64, _ context: PurgeContext) -> String? {
        guard plan.removeHiddenAreas else {
            if plan.allowHiddenAreas { return "a Host Protected Area hides \(hidden) sectors: purged anyway by consent (--allow-hidden-areas)" }
            return "a Host Protected Area hides \(hidden) sectors; the purge would not be verifiable there (pass --remove-hidden-areas to restore the native capacity first)"
        }
        guard let native = plan.capabilities.nativeMaxLBA, let scsi = try? transports.scsi(plan.identity.path) else {
            return "the drive refused to restore its native capacity (SET MAX ADDRESS EXT)"
        }
        if let problem = HiddenAreaRestorer.restore(ATAPassThrough(transport: scsi, recorder: context.recorder), nativeMaxLBA: native) {
            return problem
        }
        context.recorder.status("Host Protected Area removed: accessible maximum restored to LBA \(native) (volatile)")
        return nil
    }
}
