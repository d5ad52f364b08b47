import Devices
import Evidence
import Fakes
import Foundation
import Records
import RecordsSQLite
import Sanitization
import Station
import StorageModel
import Synchronization
import Testing
import TestSupport

/// The console's controller on fakes: drives appearing and leaving, asset lookups in a real
/// (temporary) register, wipes of in-memory disks.
struct ConsoleFixture {
    let keys: TestStation
    let access: FakeDeviceAccess
    let discovery = FakeBayDiscovery()
    let store: SQLiteRecordStore
    let controller: BayController
    /// Paths whose verification waits until `release` is signalled (a drive pulled mid-wipe).
    let gate: VerificationGate

    init(_ disks: [FakeDeviceAccess.Disk], settings: BayController.Settings = BayController.Settings(), holdVerification: Set<String> = [],
         paperwork: (any PaperworkWriter)? = nil, machine: MachineIdentity? = nil) throws {
        keys = try TestStation()
        access = FakeDeviceAccess(disks)
        store = try SQLiteRecordStore(path: keys.home.root + "/records.sqlite")
        let gate = VerificationGate(paths: holdVerification)
        self.gate = gate
        let keys = keys
        var environment = StationEnvironment(
            home: keys.home, inventory: DeviceInventory.system(probeExclusivity: false), devices: access, tool: BuildIdentity(known: TestStation.tool),
            openStore: { throw ExpungeError(.failed, "not used") }, loadSigner: { keys.signer },
            beforeVerification: { gate.wait(path: $0) })
        environment.machine = machine
        let station = Station(environment: environment, signer: keys.signer, store: store)
        controller = BayController(station: station, discovery: discovery, checker: AssetChecker(store: store, expectedCustomer: settings.customer),
                                   settings: settings, monitorSource: "kernel", paperwork: paperwork)
        for d in disks { discovery.attach("loc-" + d.descriptor.name, d.descriptor) }
    }

    func register(_ id: String, serial: String? = nil, customer: String? = "ACME") async throws {
        try await store.importAssets([AssetRecord(assetID: id, serial: serial, manufacturer: "Lenovo", model: "T14", category: "laptop",
                                                  customer: customer, weightKg: 1.5, inRegister: true, createdAt: "2026-11-01T00:00:00Z")],
                                     eachRow: { _ in })
    }

    func bay(_ n: Int) async -> Bay { await controller.board.bay(n)! }
}

/// Holds a device's verification until released, and says when it got there.
final class VerificationGate: Sendable {
    let paths: Set<String>
    private let reached = Mutex<Set<String>>([])
    private let open = DispatchSemaphore(value: 0)

    init(paths: Set<String>) { self.paths = paths }

    func wait(path: String) {
        guard paths.contains(path) else { return }
        reached.withLock { _ = $0.insert(path) }
        open.wait()
    }

    func hasReached(_ path: String) -> Bool { reached.withLock { $0.contains(path) } }
    func release() { open.signal() }
}

@Suite("Station console: controller on fake drives")
struct BayControllerTests {
    @Test func hotPlugAddsIdentifiesAndRemovesBaysInPlace() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")])
        await f.controller.rescan()
        #expect(await f.controller.board.bays.map(\.state) == [.awaitingAsset, .awaitingAsset])
        f.discovery.attach("loc-broken", FakeDeviceAccess.disk("/dev/fake3", serial: "SN-3").descriptor, identificationError: "no serial number")
        await f.controller.rescan()
        #expect(await f.bay(3).state == .unidentified(error: "no serial number"))
        await #expect(throws: BayRejection.self) { try await f.controller.enterAsset(bay: 3, tag: "LAP-3") }
        f.discovery.detach("loc-fake1")
        await f.controller.rescan()
        #expect(await f.controller.board.bays.map(\.state.name) == ["removed", "awaiting-asset", "unidentified"])
        #expect(await f.controller.board.bays.map(\.location) == ["loc-fake1", "loc-fake2", "loc-broken"])
    }

    /// The once-a-second safety net scans only when the cheap presence summary changed, or when
    /// the last full scan is older than its limit; without a summary it always scans.
    @Test func periodicCheckScansOnlyWhenPresenceChangedOrTheLastScanIsOld() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1")])
        f.discovery.setPresence("fake1 2048")
        await f.controller.rescan()
        #expect(f.discovery.scans == 1)
        for _ in 0..<3 { await f.controller.periodicRescan(fullScanEvery: .seconds(3600)) }
        #expect(f.discovery.scans == 1, "nothing changed: no scan")

        f.discovery.attach("loc-fake2", FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2").descriptor)
        f.discovery.setPresence("fake1 2048\nfake2 2048")
        await f.controller.periodicRescan(fullScanEvery: .seconds(3600))
        #expect(f.discovery.scans == 2)
        #expect(await f.controller.board.bays.count == 2, "the new drive got its bay")

        await f.controller.periodicRescan(fullScanEvery: .zero)
        #expect(f.discovery.scans == 3, "the last full scan is too old")
        f.discovery.setPresence(nil)
        await f.controller.periodicRescan(fullScanEvery: .seconds(3600))
        #expect(f.discovery.scans == 4, "no summary: every check scans")
    }

    @Test func anAssetInTheRegisterMakesTheBayReadyAndTheWipeIsCertified() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1")], settings: BayController.Settings(operatorID: "op-7"))
        try await f.register("LAP-0001")
        await f.controller.rescan()
        try await f.controller.enterAsset(bay: 1, tag: "LAP-0001")
        let ready = await f.bay(1)
        #expect(ready.state == .ready)
        #expect(ready.asset?.customer == "ACME")
        #expect(ready.asset?.model == "T14")
        #expect(ready.asset?.category == "laptop")
        try await f.controller.start(bay: 1)
        await f.controller.waitForRuns()
        let done = await f.bay(1)
        #expect(done.state == .certified(.passed))
        #expect(done.progress?.fraction == 1)
        let id = try #require(done.certificateID)
        let certs = try await f.store.certificates(assetID: "LAP-0001")
        #expect(certs.map(\.certificateID) == [id])
        #expect(certs.first?.operatorID == "op-7")
        #expect(certs.first?.customer == "ACME")
        #expect(await f.controller.results.map(\.outcome.result) == [.passed])
    }

    @Test func warningsComeFromTheRegisterAndNeedASecondEntry() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1", serial: "SN-USED")],
                                   settings: BayController.Settings(customer: "ACME"))
        try await f.register("LAP-OTHER", customer: "Globex")
        await f.controller.rescan()
        // Not in the register.
        try await f.controller.enterAsset(bay: 1, tag: "LAP-NEW")
        #expect(await f.bay(1).asset?.warnings == [.notInRegister])
        #expect(await f.bay(1).state == .awaitingAsset)
        await #expect(throws: BayRejection.self) { try await f.controller.start(bay: 1) }
        #expect(f.access.device("/dev/fake1")?.trace.isEmpty == true)
        // Another customer than the session's.
        try await f.controller.enterAsset(bay: 1, tag: "LAP-OTHER")
        #expect(await f.bay(1).asset?.warnings == [.customerMismatch(expected: "ACME", found: "Globex")])
        try await f.controller.enterAsset(bay: 1, tag: "LAP-OTHER")
        #expect(await f.bay(1).state == .ready)
        try await f.controller.start(bay: 1)
        await f.controller.waitForRuns()
        #expect(await f.bay(1).state == .certified(.passed))

        // The same drive again, under another asset: its serial is already certified.
        try await f.register("LAP-2")
        try await f.controller.enterAsset(bay: 1, tag: "LAP-2")
        #expect(await f.bay(1).asset?.warnings == [.serialCertifiedUnderOtherAsset(serial: "SN-USED", asset: "LAP-OTHER")])
    }

    @Test func inPlaceEveryDriveTakesTheComputersAssetStartsByItselfAndNamesTheComputer() async throws {
        let machine = MachineIdentity(vendor: "LENOVO", product: "20XW0026GE", serial: "PF2ABCDE")
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")],
                                   settings: BayController.Settings(operatorID: "live", fixedAsset: "PF2ABCDE", autoStart: true),
                                   holdVerification: ["/dev/fake1"], machine: machine)
        await f.controller.rescan()
        // Not in the register, yet started: the tag given at start needs no confirmation.
        #expect(await f.controller.isSettled == false, "a wipe is running")
        f.gate.release()
        await f.controller.waitForRuns()
        #expect(await f.controller.board.bays.map(\.state) == [.certified(.passed), .certified(.passed)])
        #expect(await f.controller.isSettled)
        let certificates = try await f.controller.results.map { result in
            let entry = try #require(result.certificate)
            return try JSONDecoder().decode(WipeCertificate.self, from: Data(contentsOf: URL(fileURLWithPath: entry.documentPath)))
        }
        #expect(certificates.map(\.assetID) == ["PF2ABCDE", "PF2ABCDE"])
        #expect(certificates.allSatisfy { $0.machine == machine && $0.schemaVersion == 5 })
        #expect(try await f.store.certificates(assetID: "PF2ABCDE").count == 2)
    }

    @Test func withoutAutoAFixedAssetMakesBaysReadyButStartsNothing() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1")], settings: BayController.Settings(fixedAsset: "LAP-9"))
        await f.controller.rescan()
        #expect(await f.bay(1).state == .ready)
        #expect(await f.bay(1).asset?.tag == "LAP-9")
        #expect(await f.controller.isSettled, "a ready bay waits for the technician, not for --auto")
        #expect(f.access.device("/dev/fake1")?.trace.isEmpty == true)
    }

    @Test func theAssetCanComeFromTheDriveSerial() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1", serial: "SN-T14")],
                                   settings: BayController.Settings(assetFromSerial: true))
        try await f.register("LAP-T14", serial: "SN-T14")
        await f.controller.rescan()
        let bay = await f.bay(1)
        #expect(bay.asset?.tag == "LAP-T14")
        #expect(bay.state == .ready)
    }

    @Test func aDriveRemovedMidWipeEndsAbortedWithACertificateAndTheOthersCarryOn() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")],
                                   holdVerification: ["/dev/fake1"])
        try await f.register("LAP-1")
        try await f.register("LAP-2")
        await f.controller.rescan()
        try await f.controller.enterAsset(bay: 1, tag: "LAP-1")
        try await f.controller.enterAsset(bay: 2, tag: "LAP-2")
        #expect(await f.controller.startAllReady() == [1, 2])
        while !f.gate.hasReached("/dev/fake1") { try await Task.sleep(nanoseconds: 10_000_000) }
        f.discovery.detach("loc-fake1")
        await f.controller.rescan()
        #expect(await f.bay(1).removedDuringRun)
        f.gate.release()
        await f.controller.waitForRuns()
        let removed = await f.bay(1)
        #expect(removed.state == .removed)
        #expect(removed.result == .aborted)
        #expect(removed.reasons == [.deviceRemoved], "a removed drive is not also a signal")
        #expect(removed.certificateID != nil)
        #expect((removed.progress?.fraction ?? 1) < 1)
        #expect(await f.bay(2).state == .certified(.passed))
        let results = await f.controller.results
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0.certificate != nil })
    }

    @Test func aDriveRefusedAtTheLastCheckIsRefusedAndNothingIsWritten() async throws {
        let mounted = Refusal(.mounted, detail: "/dev/fake1 at /mnt", remedy: "unmount it")
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1")])
        await f.controller.rescan()
        try await f.register("LAP-1")
        try await f.controller.enterAsset(bay: 1, tag: "LAP-1")
        // The drive was mounted after it was identified: the station's own check refuses it.
        let access = FakeDeviceAccess([FakeDeviceAccess.disk("/dev/fake1", refusals: [mounted])])
        let keys = f.keys
        let station = Station(environment: StationEnvironment(
            home: keys.home, inventory: DeviceInventory.system(probeExclusivity: false), devices: access, tool: BuildIdentity(known: TestStation.tool),
            openStore: { throw ExpungeError(.failed, "not used") }, loadSigner: { keys.signer }), signer: keys.signer, store: nil)
        let controller = BayController(station: station, discovery: f.discovery, checker: AssetChecker(store: f.store), settings: .init(),
                                       monitorSource: "kernel")
        await controller.rescan()
        try await controller.enterAsset(bay: 1, tag: "LAP-1")
        await #expect(throws: BayRejection.self) { try await controller.start(bay: 1) }
        #expect(await controller.board.bay(1)?.state.name == "refused")
        #expect(access.device("/dev/fake1")?.trace.isEmpty == true)
    }

    @Test func abortStopsOneBayAndProfilesAreChosenPerBayOrForAll() async throws {
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2")],
                                   holdVerification: ["/dev/fake1"])
        await f.controller.rescan()
        try await f.controller.cycleProfile(bay: 2)
        #expect(await f.bay(2).profile == "purge-else-clear")
        try await f.controller.setProfileForAll("clear")
        #expect(await f.controller.board.bays.map(\.profile) == ["clear", "clear"])
        try await f.register("LAP-1")
        try await f.controller.enterAsset(bay: 1, tag: "LAP-1")
        try await f.controller.start(bay: 1)
        while !f.gate.hasReached("/dev/fake1") { try await Task.sleep(nanoseconds: 10_000_000) }
        try await f.controller.abort(bay: 1)
        await #expect(throws: BayRejection.self) { try await f.controller.abort(bay: 2) }
        f.gate.release()
        await f.controller.waitForRuns()
        #expect(await f.bay(1).state == .certified(.aborted))
        #expect(await f.bay(1).reasons == [.abortedByOperator])
    }
}
