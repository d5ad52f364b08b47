import BlockIO
import Devices
import Evidence
import Fakes
import Foundation
import Records
import Sanitization
import Station
import StorageModel
import Synchronization
import Testing
import TestSupport

/// A station on fakes: in-memory disks, a throwaway key, a temporary home, no record store
/// unless a test gives one.
struct StationFixture {
    let keys: TestStation
    let access: FakeDeviceAccess
    var station: Station

    init(_ disks: [FakeDeviceAccess.Disk], store: (any RecordStore)? = nil, signer: (any DocumentSigning)? = nil,
         transports: ScriptedTransports = ScriptedTransports(), onOpen: @escaping @Sendable (String) -> Void = { _ in }) throws {
        keys = try TestStation()
        access = FakeDeviceAccess(disks, onOpen: onOpen)
        let home = keys.home
        let environment = StationEnvironment(
            home: home, inventory: DeviceInventory.system(probeExclusivity: false), devices: access,
            probe: PurgeCapabilityProbe(transports: transports), tool: BuildIdentity(known: TestStation.tool),
            openStore: { throw ExpungeError(.failed, "no store in this test") }, loadSigner: { [keys] in keys.signer })
        station = Station(environment: environment, signer: signer ?? keys.signer, store: store)
    }

    /// Sets the evidence space each attempt must be able to reserve.
    mutating func reserveBytes(_ bytes: UInt64) {
        var environment = station.environment
        environment.evidenceReservationBytes = bytes
        station = Station(environment: environment, signer: station.signer, store: station.store)
    }

    func request(_ paths: [String], verification: VerificationMode = .full, patterns: [OverwritePattern] = [.zero],
                 level: SanitizationLevel = .clear) -> WipeRequest {
        WipeRequest(devicePaths: paths, assetID: "ASSET-7", operatorID: "op-1", level: level, patterns: patterns, verification: verification,
                    chunkSize: .mebibytes(1))
    }

    func run(_ paths: [String], verification: VerificationMode = .full,
             level: SanitizationLevel = .clear) async throws -> (results: [DeviceWipeResult], events: [StationEvent]) {
        let request = request(paths, verification: verification, level: level)
        let prepared = try Station.requireAllReady(try station.prepare(request))
        let run = station.start(prepared, request: request)
        var events: [StationEvent] = []
        for await e in run.events { events.append(e) }
        return (await run.results(), events)
    }
}

/// The signed certificate a result points to.
func certificate(_ r: DeviceWipeResult) throws -> WipeCertificate {
    let path = try #require(r.certificate?.documentPath)
    return try JSONDecoder().decode(WipeCertificate.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

/// A signer that always fails, as a full disk or a broken key would.
struct FailingSigner: DocumentSigning {
    let station: StationInfo
    struct Broken: Error {}
    func sign(_ document: [UInt8]) throws -> [UInt8] { throw Broken() }
}

@Suite("Station: prepare, journal, run, certify, recover")
struct StationTests {
    @Test func preparesEachDeviceOnItsOwnAndTheBatchRuleRefusesAll() throws {
        let mounted = Refusal(.mounted, detail: "/dev/fake2 is mounted on /mnt", remedy: "unmount it")
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", refusals: [mounted])])
        let preparations = try f.station.prepare(f.request(["/dev/fake1", "/dev/fake2", "/dev/missing"]))
        #expect(preparations.count == 3)
        #expect(preparations[0].prepared?.path == "/dev/fake1")
        #expect(preparations[1].refusal?.code == "refused-mounted")
        #expect(preparations[1].refusal?.reasons.first?.contains("unmount it") == true)
        #expect(preparations[2].refusal?.code == "device-not-found")
        #expect(preparations[2].refusal?.exitStatus == .badInput)

        // All or nothing: the unsafe device refuses the batch, and nothing was journalled or written.
        let unsafeOnly = try f.station.prepare(f.request(["/dev/fake1", "/dev/fake2"]))
        #expect(throws: ExpungeError.self) { try Station.requireAllReady(unsafeOnly) }
        #expect(AttemptJournal(directory: f.keys.home.journal).entries().isEmpty)
        #expect(f.access.device("/dev/fake1")?.trace.isEmpty == true)
    }

    @Test func refusesADeviceNamedTwice() throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")])
        let p = try f.station.prepare(f.request(["/dev/fake1", "/dev/fake1"]))
        #expect(p[1].refusal?.code == "device-named-twice")
        #expect(p[1].refusal?.exitStatus == .usage)
    }

    @Test func journalsBeforeTheFirstWriteAndCertifiesThePass() async throws {
        // When the device is opened, no journal entry exists yet; by the first write, it does.
        let journalAtFirstWrite = Mutex<Int?>(nil)
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")])
        let journal = AttemptJournal(directory: f.keys.home.journal)
        let device = try #require(f.access.device("/dev/fake1"))
        let request = f.request(["/dev/fake1"])
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        #expect(journal.entries().isEmpty)
        let run = f.station.start(prepared, request: request)
        var sawProgress = false
        for await e in run.events {
            if case .passStarted = e, journalAtFirstWrite.withLock({ $0 }) == nil {
                journalAtFirstWrite.withLock { $0 = journal.entries().count }
            }
            if case .progress = e { sawProgress = true }
        }
        let results = await run.results()
        #expect(journalAtFirstWrite.withLock { $0 } == 1)
        #expect(sawProgress)
        let r = try #require(results.first)
        #expect(r.outcome.result == .passed)
        #expect(r.certificate != nil)
        #expect(device.contents.allSatisfy { $0 == 0 })
        let entry = try #require(journal.entries().first)
        #expect(entry.status == .completed)
        #expect(entry.result == .passed)
        #expect(entry.certificateID == r.certificate?.id)
        #expect(ExitStatusAggregation.status(results) == .success)
    }

    @Test func emitsEventsInOrderForEachDevice() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")])
        let (results, events) = try await f.run(["/dev/fake1", "/dev/fake2"])
        #expect(results.map(\.outcome.result) == [.passed, .passed])
        for path in ["/dev/fake1", "/dev/fake2"] {
            let kinds: [String] = events.compactMap { e in
                switch e {
                case .devicePrepared(let p) where p.path == path: "prepared"
                case .passStarted(let d, _, _) where d == path: "pass"
                case .verificationStarted(let d) where d == path: "verify"
                case .outcome(let d, _) where d == path: "outcome"
                case .certificateWritten(let d, _) where d == path: "certificate"
                default: nil
                }
            }
            #expect(kinds.first == "prepared")
            #expect(kinds.suffix(2) == ["outcome", "certificate"])
            #expect(kinds.contains("pass"))
        }
    }

    @Test func aDeviceThatCannotBeOpenedIsAFailedAttemptWithNothingWritten() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1", openError: .ioError)])
        let (results, _) = try await f.run(["/dev/fake1"])
        let r = try #require(results.first)
        #expect(r.outcome.result == .failed)
        #expect(r.outcome.passes.isEmpty)
        #expect(r.outcome.technique == .overwrite)
        #expect(r.certificate != nil)
        #expect(f.access.device("/dev/fake1")?.trace.isEmpty == true)
    }

    @Test func aDeviceHeldByAnotherProcessIsRefusedBeforeAnythingIsJournalled() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1", openError: .busy)])
        let (results, events) = try await f.run(["/dev/fake1"])
        let r = try #require(results.first)
        #expect(r.refusal?.code == "device-busy")
        #expect(r.certificate == nil)
        #expect(events.contains { if case .refused = $0 { true } else { false } })
        #expect(AttemptJournal(directory: f.keys.home.journal).entries().isEmpty, "the loser of a race journals nothing")
        let ledgerFiles = (try? FileManager.default.contentsOfDirectory(atPath: f.keys.home.ledger)) ?? []
        #expect(ledgerFiles.allSatisfy { !$0.hasSuffix(".json") || $0 == "state.json" }, "no certificate for a wipe that never started")
        #expect(ExitStatusAggregation.status(results) == .failed)
    }

    @Test func noSpaceForTheEvidenceMeansTheWipeNeverStarts() async throws {
        var f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")])
        f.reserveBytes(1 << 60)  // more than any filesystem here has
        let (results, _) = try await f.run(["/dev/fake1"])
        let r = try #require(results.first)
        #expect(r.refusal?.code == "evidence-space")
        #expect(r.certificate == nil)
        #expect(f.access.device("/dev/fake1")?.trace.isEmpty == true, "not one byte written")
        #expect(AttemptJournal(directory: f.keys.home.journal).entries().isEmpty)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: f.keys.home.ledger))?.contains { $0.hasPrefix(".reserve-") } != true)
    }

    @Test func theReservationIsHeldDuringTheWipeAndReleasedForTheCertificate() async throws {
        let seen = Mutex<[String]>([])
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")])
        let ledger = f.keys.home.ledger
        let request = f.request(["/dev/fake1"])
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        let run = f.station.start(prepared, request: request)
        for await e in run.events {
            if case .verificationStarted = e {
                seen.withLock { $0 += ((try? FileManager.default.contentsOfDirectory(atPath: ledger)) ?? []).filter { $0.hasPrefix(".reserve-") } }
            }
        }
        _ = await run.results()
        #expect(seen.withLock { $0.count } == 1, "space is set aside while the device is written")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ledger).filter { $0.hasPrefix(".reserve-") }.isEmpty)
    }

    @Test func aCertificateThatCannotBeSignedLeavesTheAttemptInTheJournalAndFailsTheRun() async throws {
        let keys = try TestStation()
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")], signer: FailingSigner(station: keys.signer.station))
        let (results, events) = try await f.run(["/dev/fake1"])
        let r = try #require(results.first)
        #expect(r.outcome.result == .passed)
        #expect(r.certificate == nil)
        #expect(r.certificateError != nil)
        #expect(events.contains { if case .certificateFailed = $0 { true } else { false } })
        #expect(ExitStatusAggregation.status(results) == .failed)
        let journal = AttemptJournal(directory: f.keys.home.journal)
        let entry = try #require(journal.entries().first)
        #expect(entry.certificateID == nil)
        #expect(entry.status == .uncertified, "the outcome is known; the certificate is owed")
        #expect(entry.outcome?.result == .passed)

        // The next run with a working key certifies the recorded outcome — passed, not interrupted — once.
        let working = Station(environment: f.station.environment, signer: f.keys.signer, store: nil)
        let recovered = await working.recoverInterrupted()
        #expect(recovered.count == 1)
        let certificate = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try #require(recovered.first).documentPath))) as? [String: Any]
        #expect(certificate?["result"] as? String == "passed")
        #expect(journal.entries().first?.status == .completed)
        #expect(journal.entries().first?.certificateID == recovered.first?.id)
        #expect(await working.recoverInterrupted().isEmpty)
    }

    @Test func aCrashBetweenCertificateAndJournalNeverMakesASecondCertificate() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")])
        let (results, _) = try await f.run(["/dev/fake1"])
        let written = try #require(results.first?.certificate)
        // Put the journal back as a crash right after the ledger commit would have left it.
        let journal = AttemptJournal(directory: f.keys.home.journal)
        var entry = try #require(journal.entries().first)
        entry.status = .uncertified
        entry.certificateID = nil
        try journal.write(entry)
        let recovered = await f.station.recoverInterrupted()
        #expect(recovered.map(\.id) == [written.id], "the certificate already written is reused")
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.keys.home.ledger).filter { $0.hasSuffix(".p7s") }.count == 1)
        #expect(journal.entries().first?.status == .completed)
    }

    @Test func cancellingOneDeviceAbortsItAndTheOtherGoesOn() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1", mebibytes: 32), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")])
        let request = f.request(["/dev/fake1", "/dev/fake2"])
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        let run = f.station.start(prepared, request: request)
        #expect(run.cancel(device: "/dev/fake1"))
        #expect(!run.cancel(device: "/dev/other"))
        for await _ in run.events {}
        let results = await run.results()
        #expect(results[0].outcome.result == .aborted)
        #expect(results[1].outcome.result == .passed)
        #expect(results.allSatisfy { $0.certificate != nil })
        #expect(ExitStatusAggregation.status(results) == .interrupted)
    }

    @Test func cancellingTheSessionAbortsEveryDevice() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")])
        let request = f.request(["/dev/fake1", "/dev/fake2"])
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        let session = CancellationFlag()
        session.cancel()
        let run = f.station.start(prepared, request: request, cancellation: session)
        for await _ in run.events {}
        #expect(await run.results().map(\.outcome.result) == [.aborted, .aborted])
    }

    @Test func recoversAnAttemptADeadProcessLeftInProgress() async throws {
        let f = try StationFixture([])
        let journal = AttemptJournal(directory: f.keys.home.journal)
        let stale = JournalEntry(attemptID: UUID(), status: .inProgress, pid: 999_999_999, bootID: "another-boot",
                                 startedAt: "2026-11-30T04:00:00Z", updatedAt: "2026-11-30T04:05:00Z", assetID: "ASSET-9",
                                 operatorID: nil, customer: nil, device: TestStation.identity(), level: .clear, technique: .overwrite,
                                 scheme: nil, plannedPasses: ["random"], verification: .full, chunkSize: .mebibytes(4), passes: [],
                                 result: nil, certificateID: nil)
        try journal.write(stale)
        let recovered = await f.station.recoverInterrupted()
        #expect(recovered.count == 1)
        let entry = try #require(journal.entries().first)
        #expect(entry.status == .completed)
        #expect(entry.result == .interrupted)
        #expect(entry.certificateID == recovered.first?.id)
        // Once certified, never again.
        await #expect(f.station.recoverInterrupted().isEmpty)
    }

    @Test func aggregatesExitStatus() {
        let passed = TestStation.outcome(.passed), failed = TestStation.outcome(.failed), aborted = TestStation.outcome(.aborted)
        var mismatch = TestStation.outcome(.failed)
        mismatch.reasons = [.verificationMismatch]
        #expect(ExitStatusAggregation.status([passed], certificatesMissing: false) == .success)
        #expect(ExitStatusAggregation.status([passed], certificatesMissing: true) == .failed)
        #expect(ExitStatusAggregation.status([failed], certificatesMissing: false) == .failed)
        #expect(ExitStatusAggregation.status([passed, failed], certificatesMissing: false) == .someFailed)
        #expect(ExitStatusAggregation.status([failed, failed], certificatesMissing: false) == .someFailed)
        #expect(ExitStatusAggregation.status([passed, aborted], certificatesMissing: false) == .interrupted)
        #expect(ExitStatusAggregation.status([mismatch], certificatesMissing: false) == mismatch.exitStatus)
    }
}
