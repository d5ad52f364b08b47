import BlockIO
import Dispatch
import Foundation
import Glibc
import StorageModel
import Synchronization

/// One device's overwrite wipe, start to end: every planned pass (pattern generation overlapped
/// with the write on a second thread), a flush after each pass, verification reads, and the
/// identity re-read. Produces the `WipeOutcome` a certificate signs — also when it fails.
///
/// `run()` blocks: call it on a dedicated thread (see `WipeJob.runDetached`), never on the Swift
/// cooperative pool.
public final class WipeJob: @unchecked Sendable {
    public let plan: WipePlan
    let device: any BlockDevice
    let identityReader: any IdentityReading
    let cancellation: CancellationFlag
    let progress: ProgressHandler
    let clock: any WipeClock
    let passCompleted: @Sendable ([PassRecord]) -> Void
    let beforeVerification: @Sendable () -> Void
    /// Where verification reads come from, asked when verification starts (nil: not known).
    let readPath: @Sendable () -> ReadPath?

    /// Pattern generation for the next chunk runs here while the current chunk is written.
    private let generator = DispatchQueue(label: "expunge.wipe.generator")

    // Record being built (touched by the job thread; the generator only fills buffers).
    private var passes: [PassRecord] = []
    private var errors: [WipeErrorRecord] = []
    private var fatal: FailureReason?
    private var flushFailed = false
    private var aborted = false
    private var lastReport: UInt64 = 0
    private var lastReportDone: ByteCount = .zero
    private var rate: Double = 0

    public init(plan: WipePlan, device: any BlockDevice, identityReader: any IdentityReading,
                cancellation: CancellationFlag = CancellationFlag(), clock: any WipeClock = SystemWipeClock(),
                progress: @escaping ProgressHandler = { _ in },
                passCompleted: @escaping @Sendable ([PassRecord]) -> Void = { _ in },
                beforeVerification: @escaping @Sendable () -> Void = {},
                readPath: @escaping @Sendable () -> ReadPath? = { nil }) {
        self.passCompleted = passCompleted
        self.readPath = readPath
        self.beforeVerification = beforeVerification
        self.plan = plan
        self.device = device
        self.identityReader = identityReader
        self.cancellation = cancellation
        self.clock = clock
        self.progress = progress
    }

    /// Runs the job on a new thread and resumes the caller when it is done.
    public func runDetached() async -> WipeOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<WipeOutcome, Never>) in
            let thread = Thread {
                SystemCall.nameCurrentThread("expunge.wipe")
                continuation.resume(returning: self.run())
            }
            thread.name = "expunge.wipe \(plan.identity.path)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    public func run() -> WipeOutcome {
        Self.runningJobs.add(1, ordering: .relaxed)
        defer { Self.runningJobs.subtract(1, ordering: .relaxed) }
        let started = clock.now()
        let startNanos = clock.uptimeNanoseconds()
        let chunk = effectiveChunkSize()

        for (index, pass) in plan.passes.enumerated() {
            if cancellation.isCancelled { aborted = true; break }
            writePass(index: index, pass: pass, chunk: chunk)
            if aborted || fatal != nil { break }
        }

        var verification = VerificationRecord(mode: plan.verification, expectedPattern: plan.passes.last.map { "\($0.pattern)" })
        let writeFailed = passes.contains { !$0.unwritableRanges.isEmpty }
        if !aborted && fatal == nil && !writeFailed && plan.verification != .none, let last = plan.passes.last {
            beforeVerification()
            verification = verify(pass: last, chunk: chunk)
        }

        var identityAtEnd: DeviceIdentity?
        var identityChanged = false
        if !aborted {
            do {
                let now = try identityReader.currentIdentity()
                identityAtEnd = now
                let diff = plan.identity.differences(from: now)
                if !diff.isEmpty {
                    identityChanged = true
                    errors.append(WipeErrorRecord(operation: "identity", message: "device identity changed: " + diff.joined(separator: "; ")))
                }
            } catch {
                identityChanged = true
                errors.append(WipeErrorRecord(operation: "identity", message: "device identity could not be re-read: \(error)"))
            }
        }

        var reasons: [FailureReason] = []
        if aborted {
            // What stopped it: the reason given with the stop (a removed drive, the operator),
            // else a signal. Exactly one: a removed drive is not also a signal.
            reasons.append(cancellation.reasonGiven ?? .abortedBySignal)
        }
        if writeFailed { reasons.append(.writeErrors) }
        if let fatal { reasons.append(fatal) }
        if flushFailed { reasons.append(.flushFailed) }
        if !verification.unreadableRanges.isEmpty { reasons.append(.readErrors) }
        if verification.mismatchedBlocks > 0 { reasons.append(.verificationMismatch) }
        if identityChanged { reasons.append(.identityChanged) }
        if let capacity = plan.capacity, capacity.hiddenAreas == .notSanitized {
            reasons.append(.hiddenAreaNotSanitized)
            errors += Self.hiddenAreaErrors(capacity)
        }
        let allWritten = passes.count == plan.passes.count && passes.allSatisfy { $0.completed && $0.flushed && $0.bytesWritten == plan.identity.capacity }
        if reasons.isEmpty && !allWritten { reasons.append(.ioFailure) }
        if reasons.isEmpty && plan.verification != .none && !verification.completed { reasons.append(.ioFailure) }

        let result: WipeResult
        if aborted { result = .aborted }
        else if !reasons.isEmpty { result = .failed }
        else if plan.verification == .none { result = .unverified; reasons = [.notVerified] }
        else { result = .passed }

        let ended = clock.now()
        report(phase: .finished, pass: plan.passes.count, done: plan.identity.capacity, total: plan.identity.capacity, force: true)
        return WipeOutcome(
            attemptID: plan.attemptID, result: result, reasons: reasons, level: plan.level, technique: .overwrite,
            scheme: plan.scheme, chunkSize: chunk, identityAtStart: plan.identity, identityAtEnd: identityAtEnd,
            passes: passes, verification: verification, errors: errors, capacity: plan.capacity, scope: plan.scope,
            startedAt: Timestamp.rfc3339(started), endedAt: Timestamp.rfc3339(ended),
            durationSeconds: Self.seconds(since: startNanos, clock: clock))
    }

    /// One error per hidden range left in place: the LBAs the attempt could not reach.
    static func hiddenAreaErrors(_ capacity: CapacityRecord) -> [WipeErrorRecord] {
        capacity.remainingHiddenRanges.map { r in
            WipeErrorRecord(operation: "hidden-area", range: capacity.byteRange(r),
                            message: "\(r.kind == .hpa ? "Host Protected Area" : "Device Configuration Overlay") LBA \(r.firstLBA)–\(r.lastLBA) "
                                + "(\(r.blocks) sectors) was hidden from the host and not sanitized")
        }
    }

    static func seconds(since start: UInt64, clock: any WipeClock) -> Double {
        (Double(clock.uptimeNanoseconds() &- start) / 1e6).rounded() / 1000
    }

    /// The chunk size rounded to a multiple of the physical (and so logical) block size.
    func effectiveChunkSize() -> ByteCount {
        let unit = max(device.physicalBlockSize, device.logicalBlockSize)
        let rounded = plan.chunkSize.roundedDown(to: unit)
        return rounded == .zero ? unit : rounded
    }

    // MARK: - Writing

    private func writePass(index: Int, pass: PlannedPass, chunk: ByteCount) {
        let size = device.size
        var record = PassRecord(index: index + 1, pattern: "\(pass.pattern)", cipher: pass.cipher,
                                aesKey: pass.key?.hexString, aesIV: pass.iv?.hexString,
                                startedAt: Timestamp.rfc3339(clock.now()))
        let io = FaultTolerantIO(device: device)
        let chunkBytes = chunk.int
        let passStart = clock.uptimeNanoseconds()
        let filler = PatternFiller(pass, workers: Self.keystreamWorkers())
        let chunks = Int((size.bytes + chunk.bytes - 1) / chunk.bytes)
        // A constant pattern is filled once into one buffer that every write reads; a random
        // pass fills each slot's own buffer on the generator queue just before it is written.
        let constant = filler.isConstant ? AlignedBuffer(count: chunkBytes) : nil
        if let constant { filler.fill(constant.mutableBytes, deviceOffset: 0) }
        let slots = (0..<min(Self.writesInFlight + 1, max(1, chunks))).map { _ in WriteSlot(buffer: constant ?? AlignedBuffer(count: chunkBytes)) }
        let writers = DispatchQueue(label: "expunge.wipe.writer", attributes: .concurrent)
        var ways = 1
        var unwritable: [ByteRange] = []
        lastReportDone = .zero
        lastReport = clock.uptimeNanoseconds()
        // Every pass announces itself at once (progress is otherwise sampled once a second).
        report(phase: .writing, pass: index + 1, done: .zero, total: size, force: true)

        // Chunk j goes to slot j % slots.count: filled (random), then written. While this
        // process's jobs leave a core idle, the write runs on a writer thread, so up to
        // `writesInFlight` writes are queued at the device while the next chunk is generated and
        // the device never waits for this thread to wake between two writes. Otherwise (a station
        // with more bays than cores) the job thread writes each chunk itself once it is
        // generated, one at a time: extra threads would only contend for the busy cores. Either
        // way the job thread takes results in chunk order and only then reuses the slot.
        var submitted = 0
        func submit() {
            let slot = slots[submitted % slots.count]
            let offset = ByteCount(UInt64(submitted) * chunk.bytes)
            let length = min(chunk, size - offset)
            slot.piece = ByteRange(offset: offset, length: length)
            slot.unwritable = []
            slot.failure = nil
            slot.filled.store(false, ordering: .relaxed)
            let write: @Sendable () -> Void = {
                do throws(Errno) { slot.unwritable = try io.write(slot.buffer.prefix(length.int), at: offset) }
                catch { slot.failure = error }
                slot.done.signal()
            }
            let queued = Self.writeDepth() > 1
            slot.inlineWrite = queued ? nil : write
            let generated: @Sendable () -> Void = {
                slot.filled.store(true, ordering: .releasing)
                if queued { writers.async(execute: write) } else { slot.ready.signal() }
            }
            if constant != nil {
                generated()
            } else {
                let w = ways
                generator.async {
                    filler.fill(slot.buffer.mutablePrefix(length.int), deviceOffset: offset.bytes, ways: w)
                    generated()
                }
            }
            submitted += 1
        }
        var finished = 0
        var contiguous = true  // every chunk so far written without a fatal error
        var stop = false
        while submitted < slots.count && submitted < chunks { submit() }
        while finished < submitted {
            let slot = slots[finished % slots.count]
            if let write = slot.inlineWrite {
                slot.ready.wait()
                if stop {
                    // Generated but never written: nothing from here on counts.
                    finished += 1
                    contiguous = false
                    continue
                }
                write()
            }
            slot.done.wait()
            finished += 1
            if !slot.unwritable.isEmpty {
                unwritable += slot.unwritable
                for r in slot.unwritable { errors.append(WipeErrorRecord(operation: "write", range: r, errno: "EIO/ENODATA", message: "unwritable after retries at logical-block granularity")) }
            }
            if let error = slot.failure {
                if fatal == nil {
                    errors.append(WipeErrorRecord(operation: "write", range: slot.piece, errno: error.symbol, message: "write failed: \(error)"))
                    fatal = error.isDeviceGone ? .deviceGone : .ioFailure
                }
                contiguous = false
                stop = true
                continue  // the writes already queued behind it are waited for, not counted
            }
            guard contiguous else { continue }
            // bytes_written counts only the prefix written in order: never more than happened.
            record.bytesWritten = slot.piece.end
            if stop { continue }
            if !filler.isConstant && finished < chunks {
                // The next chunk not yet generated when this write is done: keystream is the bottleneck.
                let behind = !slots[finished % slots.count].filled.load(ordering: .acquiring)
                ways = Self.adjust(ways: ways, bottleneck: behind, limit: filler.maxWays)
            }
            report(phase: .writing, pass: index + 1, done: record.bytesWritten, total: size, errors: unwritable.count)
            if cancellation.isCancelled && record.bytesWritten < size {
                aborted = true
                stop = true
                continue
            }
            if submitted < chunks { submit() }
        }
        let offset = record.bytesWritten
        record.unwritableRanges = ByteRange.coalesce(unwritable)
        record.completed = offset == size && fatal == nil
        if fatal == nil {
            report(phase: .flushing, pass: index + 1, done: offset, total: size, force: true)
            do {
                try device.flush()
                record.flushed = true
            } catch {
                flushFailed = true
                errors.append(WipeErrorRecord(operation: "flush", errno: error.symbol, message: "flush (fdatasync) failed: \(error)"))
            }
        }
        record.endedAt = Timestamp.rfc3339(clock.now())
        record.durationSeconds = Self.seconds(since: passStart, clock: clock)
        passes.append(record)
        passCompleted(passes)
    }

    /// How many pass writes are queued at the device while the next chunk is generated, when the
    /// cores allow (`writeDepth`).
    static let writesInFlight = 2

    /// `writesInFlight` while the jobs running in this process leave a core idle, else 1 (the job
    /// thread writes). Decided per chunk, as jobs start and end.
    static func writeDepth() -> Int {
        runningJobs.load(ordering: .relaxed) < onlineCores ? writesInFlight : 1
    }

    /// One buffer of the write ring and the result of the write from it. The job thread sets it
    /// up and submits it; the generator fills it (random passes); a writer thread, or the job
    /// thread itself after `ready`, writes it and signals `done`; the job thread reads the result
    /// only after `done.wait()`.
    private final class WriteSlot: @unchecked Sendable {
        let buffer: AlignedBuffer
        var piece = ByteRange(offset: .zero, length: .zero)
        var unwritable: [ByteRange] = []
        var failure: Errno?
        /// Set once the buffer holds the chunk (read by the job thread to see whether the
        /// keystream keeps up).
        let filled = Atomic<Bool>(false)
        /// Signalled when the buffer holds the chunk and the job thread is to write it itself.
        let ready = DispatchSemaphore(value: 0)
        /// The write the job thread runs itself (after `ready`), when it was not queued.
        var inlineWrite: (@Sendable () -> Void)?
        let done = DispatchSemaphore(value: 0)
        init(buffer: AlignedBuffer) { self.buffer = buffer }
    }

    // MARK: - Verification

    /// How many verification reads are kept in flight while the job thread checks a piece.
    static let readsInFlight = 2

    /// One read buffer of the verification ring and the result of the read into it. A reader
    /// thread fills it and signals `done`; the job thread touches it only after `done.wait()`
    /// and before submitting the next read into it.
    private final class ReadSlot: @unchecked Sendable {
        let buffer: AlignedBuffer
        var piece = ByteRange(offset: .zero, length: .zero)
        var unreadable: [ByteRange] = []
        var failure: Errno?
        let done = DispatchSemaphore(value: 0)
        init(count: Int) { buffer = AlignedBuffer(count: count) }
    }

    private func verify(pass: PlannedPass, chunk: ByteCount) -> VerificationRecord {
        var record = VerificationRecord(mode: plan.verification, expectedPattern: "\(pass.pattern)", readPath: readPath(),
                                        startedAt: Timestamp.rfc3339(clock.now()))
        let verifyStart = clock.uptimeNanoseconds()
        let size = device.size
        var ranges = [ByteRange(offset: .zero, length: size)]
        if plan.verification == .sample {
            if let layout = SampleLayout(deviceSize: size, blockSize: device.logicalBlockSize, seed: plan.sampleSeed) {
                ranges = layout.ranges
                record.seed = plan.sampleSeed
                record.samplingAlgorithm = SampleLayout.algorithm
                record.subsections = SampleLayout.subsections
                record.samples = layout.sampleCount
            } else {
                // Too small for 1,000 subsections of ≥ 40 blocks: read all of it instead.
                record.mode = .full
                record.requestedMode = .sample
            }
        }
        // Pieces of at most one chunk, in device order.
        var pieces: [ByteRange] = []
        for r in ranges {
            var o = r.offset
            while o < r.end {
                let n = min(chunk, r.end - o)
                pieces.append(ByteRange(offset: o, length: n))
                o += n
            }
        }
        let total = pieces.reduce(ByteCount.zero) { $0 + $1.length }
        let io = FaultTolerantIO(device: device)
        let filler = PatternFiller(pass, workers: Self.keystreamWorkers())
        let blockBytes = Int(device.logicalBlockSize.bytes)
        // Reads i+1 … i+readsInFlight are outstanding while piece i is checked.
        let slots = (0..<min(Self.readsInFlight + 1, max(1, pieces.count))).map { _ in ReadSlot(count: chunk.int) }
        let readers = DispatchQueue(label: "expunge.wipe.reader", attributes: .concurrent)
        var submitted = 0
        func submit() {
            let slot = slots[submitted % slots.count]
            let p = pieces[submitted]
            slot.piece = p
            slot.unreadable = []
            slot.failure = nil
            readers.async {
                do throws(Errno) { slot.unreadable = try io.read(into: slot.buffer.mutablePrefix(p.length.int), at: p.offset) }
                catch { slot.failure = error }
                slot.done.signal()
            }
            submitted += 1
        }
        var mismatchedBlocks: UInt64 = 0
        var firstMismatches: [UInt64] = []
        var compared: UInt64 = 0
        var done = ByteCount.zero
        var ways = 1
        lastReportDone = .zero
        lastReport = clock.uptimeNanoseconds()
        report(phase: .verifying, pass: plan.passes.count, done: .zero, total: total, force: true)

        var i = 0
        var failedFatally = false
        while submitted < min(Self.readsInFlight, pieces.count) { submit() }
        while i < pieces.count {
            let slot = slots[i % slots.count]
            slot.done.wait()
            if let error = slot.failure {
                errors.append(WipeErrorRecord(operation: "read", range: slot.piece, errno: error.symbol, message: "verification read failed: \(error)"))
                fatal = error.isDeviceGone ? .deviceGone : .ioFailure
                failedFatally = true
                i += 1
                break
            }
            if submitted < pieces.count { submit() }
            let p = slot.piece
            let skip = slot.unreadable
            for r in skip {
                record.unreadableRanges.append(r)
                errors.append(WipeErrorRecord(operation: "read", range: r, errno: "EIO/ENODATA", message: "unreadable during verification"))
            }
            let data = slot.buffer.mutablePrefix(p.length.int)
            // Regenerate into the read data (random) and scan for the expected byte; only when
            // that fails (or blocks were unreadable) go block by block to count and locate.
            if filler.consume(data, deviceOffset: p.offset.bytes, ways: ways) && skip.isEmpty {
                compared += UInt64(data.count)
            } else {
                var b = 0
                while b < data.count {
                    let n = min(blockBytes, data.count - b)
                    let blockRange = ByteRange(offset: p.offset + ByteCount(b), length: ByteCount(n))
                    if !skip.contains(where: { $0.overlaps(blockRange) }) {
                        compared += UInt64(n)
                        if !filler.matches(block: UnsafeRawBufferPointer(rebasing: data[b..<(b + n)])) {
                            mismatchedBlocks += 1
                            if firstMismatches.count < 32 { firstMismatches.append(blockRange.offset.bytes) }
                        }
                    }
                    b += n
                }
            }
            // Checking is the bottleneck when the next read finished before the check did:
            // then spread the keystream over more cores (never more than are idle for it).
            if !filler.isConstant && i + 1 < pieces.count {
                let nextReady = slots[(i + 1) % slots.count].done.wait(timeout: .now()) == .success
                if nextReady { slots[(i + 1) % slots.count].done.signal() }
                ways = Self.adjust(ways: ways, bottleneck: nextReady, limit: filler.maxWays)
            }
            done += p.length
            report(phase: .verifying, pass: plan.passes.count, done: done, total: total, errors: record.unreadableRanges.count)
            i += 1
            if cancellation.isCancelled && i < pieces.count { aborted = true; break }
        }
        // Never leave a read running into a buffer that is about to be freed.
        while i < submitted { slots[i % slots.count].done.wait(); i += 1 }
        record.unreadableRanges = ByteRange.coalesce(record.unreadableRanges)
        record.bytesCompared = ByteCount(compared)
        record.coverage = size == .zero ? 0 : (Double(compared) / Double(size.bytes) * 1_000_000).rounded() / 1_000_000
        record.mismatchedBlocks = mismatchedBlocks
        record.firstMismatchOffsets = firstMismatches
        record.completed = !failedFatally && !aborted
        record.endedAt = Timestamp.rfc3339(clock.now())
        record.durationSeconds = Self.seconds(since: verifyStart, clock: clock)
        return record
    }

    // MARK: - Keystream threads

    /// Jobs running in this process: the cores are shared between them.
    private static let runningJobs = Atomic<Int>(0)

    /// The online cores, read once per process: `sysconf(_SC_NPROCESSORS_ONLN)` opens and reads
    /// `/sys/devices/system/cpu/online` on every call, and `writeDepth` is asked once per chunk.
    static let onlineCores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// The most threads one job's keystream may use: this job's share of the online cores,
    /// at most 4 (beyond that a 4 MiB chunk is too small to split well).
    static func keystreamWorkers() -> Int {
        let jobs = max(1, runningJobs.load(ordering: .relaxed))
        return max(1, min(4, onlineCores / jobs))
    }

    /// One more thread when keystream work held the device back, one fewer when it did not:
    /// the device decides how many threads are useful.
    static func adjust(ways: Int, bottleneck: Bool, limit: Int) -> Int {
        bottleneck ? min(ways + 1, limit) : max(ways - 1, 1)
    }

    // MARK: - Progress

    private func report(phase: ProgressSample.Phase, pass: Int, done: ByteCount, total: ByteCount, errors count: Int = 0, force: Bool = false) {
        let now = clock.uptimeNanoseconds()
        let elapsed = now &- lastReport
        guard force || elapsed >= 1_000_000_000 else { return }
        if elapsed > 0, done >= lastReportDone {
            rate = Double((done - lastReportDone).bytes) / (Double(elapsed) / 1e9)
        }
        lastReport = now
        lastReportDone = done
        progress(ProgressSample(devicePath: plan.identity.path, phase: phase, pass: pass, passCount: plan.passes.count,
                                done: done, total: total, bytesPerSecond: rate, errorCount: count))
    }
}
