import Devices
import Evidence
import Foundation
import Sanitization
import Station
import StorageModel
import Testing
import TestSupport

/// The per-bay state machine, on its own: no I/O, fake device and station events.
@Suite("Station console: bay state machine")
struct StationBoardTests {
    static func descriptor(_ path: String, serial: String? = "SN-1", refusals: [Refusal] = [], mebibytes: UInt64 = 64) -> DeviceDescriptor {
        DeviceDescriptor(path: path, name: String(path.split(separator: "/").last ?? ""), major: 8, minor: 0, model: "Disk", serial: serial,
                         size: .mebibytes(mebibytes), transport: .sata, mediaType: .hdd, refusals: refusals)
    }

    static func rejected(_ body: () throws -> Void) -> Bool {
        do { try body(); return false } catch { return error is BayRejection }
    }

    /// A board with one identified, wipeable drive at bay 1.
    static func boardWithDrive() -> StationBoard {
        var b = StationBoard()
        b.deviceAppeared(location: "pci-0:1", path: "/dev/sdb")
        b.identified(location: "pci-0:1", descriptor: descriptor("/dev/sdb"))
        return b
    }

    @Test func rowsNeverMoveAndNewLocationsAreAppended() {
        var b = StationBoard()
        #expect(b.deviceAppeared(location: "A", path: "/dev/sdb") == 1)
        #expect(b.deviceAppeared(location: "B", path: "/dev/sdc") == 2)
        #expect(b.deviceAppeared(location: "C", path: "/dev/sdd") == 3)
        #expect(b.bays.map(\.state) == [.detected, .detected, .detected])
        b.deviceRemoved(location: "B")
        #expect(b.bays.map(\.location) == ["A", "B", "C"])
        #expect(b.bays[1].state == .removed)
        #expect(b.deviceAppeared(location: "D", path: "/dev/sde") == 4)
        // A drive in the same slot again takes its old row, with a clean slate.
        #expect(b.deviceAppeared(location: "B", path: "/dev/sdf") == 2)
        #expect(b.bays[1].state == .detected)
        #expect(b.bays[1].path == "/dev/sdf")
        #expect(b.bays.map(\.number) == [1, 2, 3, 4])
    }

    @Test func identificationLeadsToAwaitingAssetOrRefusedAndRefusedNeverStarts() {
        var b = StationBoard()
        b.deviceAppeared(location: "A", path: "/dev/sdb")
        b.identified(location: "A", descriptor: Self.descriptor("/dev/sdb"))
        #expect(b.bays[0].state == .awaitingAsset)

        let mounted = Refusal(.mounted, detail: "/dev/sdc1 at /mnt", remedy: "unmount it")
        b.deviceAppeared(location: "B", path: "/dev/sdc")
        b.identified(location: "B", descriptor: Self.descriptor("/dev/sdc", refusals: [mounted]))
        #expect(b.bays[1].state == .refused(reasons: ["mounted: /dev/sdc1 at /mnt"]))
        #expect(b.bays[1].message?.contains("unmount it") == true)
        #expect(Self.rejected { _ = try b.enterAsset(bay: 2, tag: "LAP-1") })
        #expect(Self.rejected { try b.started(bay: 2, passes: 1) })
        #expect(b.bays[1].state.name == "refused")

        // With asset-from-serial the bay waits, identified, for the register.
        b.deviceAppeared(location: "C", path: "/dev/sdd")
        b.identified(location: "C", descriptor: Self.descriptor("/dev/sdd"), lookingUpAsset: true)
        #expect(b.bays[2].state == .identified)
        b.assetFromSerial(location: "C", BayAsset(tag: "LAP-9", customer: "ACME"))
        #expect(b.bays[2].state == .ready)
        #expect(b.bays[2].asset?.tag == "LAP-9")
    }

    @Test func anUnidentifiedDriveStaysOnItsBayAndNeverStarts() {
        var b = StationBoard()
        b.identificationFailed(location: "A", path: "/dev/sdb", error: "no serial number")
        #expect(b.bays.count == 1)
        #expect(b.bays[0].state == .unidentified(error: "no serial number"))
        #expect(Self.rejected { _ = try b.enterAsset(bay: 1, tag: "LAP-1") })
        #expect(Self.rejected { _ = try b.checkStart(bay: 1) })
    }

    @Test(arguments: ["LAP 0001", "LAP-\u{7}1", "LAP-\u{1B}[2J", String(repeating: "A", count: 129), "", "LAP-Ä"])
    func anInvalidAssetTagIsRefusedOnTheBayWithTheReason(tag: String) {
        var b = Self.boardWithDrive()
        #expect(Self.rejected { _ = try b.enterAsset(bay: 1, tag: tag) })
        #expect(b.bays[0].state == .awaitingAsset)
        #expect(b.bays[0].asset == nil)
        #expect(b.bays[0].message?.hasPrefix("asset tag refused:") == true)
    }

    @Test func warningsNeedTheTagEnteredAgain() throws {
        var b = Self.boardWithDrive()
        #expect(try b.enterAsset(bay: 1, tag: "LAP-0001") == .lookUp("LAP-0001"))
        #expect(b.bays[0].asset?.lookupPending == true)
        #expect(Self.rejected { _ = try b.checkStart(bay: 1) })
        b.assetLookedUp(bay: 1, BayAsset(tag: "LAP-0001", warnings: [.notInRegister]))
        #expect(b.bays[0].state == .awaitingAsset)
        #expect(b.bays[0].message?.contains("not in the register") == true)
        #expect(Self.rejected { _ = try b.checkStart(bay: 1) })
        #expect(try b.enterAsset(bay: 1, tag: "LAP-0001") == .confirmed)
        #expect(b.bays[0].state == .ready)
        _ = try b.checkStart(bay: 1)

        // A stale answer for another tag is ignored.
        var c = Self.boardWithDrive()
        _ = try c.enterAsset(bay: 1, tag: "LAP-2")
        c.assetLookedUp(bay: 1, BayAsset(tag: "LAP-1"))
        #expect(c.bays[0].asset?.lookupPending == true)
        c.assetLookedUp(bay: 1, BayAsset(tag: "LAP-2", customer: "ACME", model: "T14", category: "laptop"))
        #expect(c.bays[0].state == .ready)
        #expect(c.bays[0].asset?.customer == "ACME")
    }

    static func sample(_ phase: ProgressSample.Phase, pass: Int, of passes: Int, done: UInt64, total: UInt64 = 64) -> ProgressSample {
        ProgressSample(devicePath: "/dev/sdb", phase: phase, pass: pass, passCount: passes, done: .mebibytes(done), total: .mebibytes(total),
                       bytesPerSecond: 1_048_576, errorCount: 0)
    }

    @Test func runsThroughPassesAndVerificationToCertifiedThenRemoved() throws {
        var b = Self.boardWithDrive()
        _ = try b.enterAsset(bay: 1, tag: "LAP-1")
        b.assetLookedUp(bay: 1, BayAsset(tag: "LAP-1"))
        try b.started(bay: 1, passes: 2)
        #expect(b.bays[0].state == .running(pass: 1, of: 2))
        b.apply(.progress(Self.sample(.writing, pass: 1, of: 2, done: 32)), bay: 1, verification: .full)
        #expect(abs((b.bays[0].progress?.fraction ?? 0) - 32.0 / 192) < 1e-9)
        b.apply(.passStarted(device: "/dev/sdb", pass: 2, of: 2), bay: 1, verification: .full)
        #expect(b.bays[0].state == .running(pass: 2, of: 2))
        b.apply(.verificationStarted(device: "/dev/sdb"), bay: 1, verification: .full)
        #expect(b.bays[0].state == .verifying)
        b.apply(.progress(Self.sample(.verifying, pass: 2, of: 2, done: 32)), bay: 1, verification: .full)
        #expect(abs((b.bays[0].progress?.fraction ?? 0) - 160.0 / 192) < 1e-9)
        // ETA over the rest of the attempt (32 MiB at 1 MiB/s).
        #expect(b.bays[0].progress?.secondsRemaining == 32)
        b.apply(.outcome(device: "/dev/sdb", TestStation.outcome(.passed)), bay: 1, verification: .full)
        #expect(b.bays[0].state == .certified(.passed))
        #expect(b.bays[0].progress?.fraction == 1)
        b.runEnded(bay: 1)
        #expect(b.bays[0].state == .certified(.passed))
        b.deviceRemoved(location: "pci-0:1")
        #expect(b.bays[0].state == .removed)
        #expect(b.bays[0].result == .passed)
    }

    @Test func aDriveRemovedDuringItsWipeEndsAbortedAndNeverShowsFull() throws {
        var b = Self.boardWithDrive()
        _ = try b.enterAsset(bay: 1, tag: "LAP-1")
        b.assetLookedUp(bay: 1, BayAsset(tag: "LAP-1"))
        try b.started(bay: 1, passes: 1)
        b.apply(.progress(Self.sample(.writing, pass: 1, of: 1, done: 16)), bay: 1, verification: .full)
        let stopping = b.deviceRemoved(location: "pci-0:1")
        #expect(stopping)
        // Another drive in the slot before the attempt is certified waits for the next rescan.
        b.deviceAppeared(location: "pci-0:1", path: "/dev/sdz")
        #expect(b.bays[0].state == .running(pass: 1, of: 1))
        #expect(b.bays[0].path == "/dev/sdb")
        #expect(b.bays[0].state == .running(pass: 1, of: 1))
        #expect(b.bays[0].removedDuringRun)
        var aborted = TestStation.outcome(.aborted)
        aborted.reasons = [.deviceRemoved]
        b.apply(.progress(Self.sample(.finished, pass: 1, of: 1, done: 64)), bay: 1, verification: .full)
        b.apply(.outcome(device: "/dev/sdb", aborted), bay: 1, verification: .full)
        #expect(b.bays[0].state == .certified(.aborted))
        #expect((b.bays[0].progress?.fraction ?? 1) < 1)
        b.runEnded(bay: 1)
        #expect(b.bays[0].state == .removed)
        #expect(b.bays[0].result == .aborted)
        #expect(b.bays[0].reasons.contains(.deviceRemoved))
    }

    @Test func wholeAttemptProgressCoversEveryPassAndTheVerification() {
        let cap = ByteCount.mebibytes(100)
        let w = BayProgress.attempt(Self.sample(.writing, pass: 2, of: 3, done: 50, total: 100), capacity: cap, verification: .full)
        #expect(abs(w.fraction - 150.0 / 400) < 1e-9)
        #expect(w.secondsRemaining == 250)
        let s = BayProgress.attempt(Self.sample(.writing, pass: 1, of: 1, done: 100, total: 100), capacity: cap, verification: .sample)
        #expect(abs(s.fraction - 100.0 / 110) < 1e-9)
        let n = BayProgress.attempt(Self.sample(.writing, pass: 1, of: 1, done: 50, total: 100), capacity: cap, verification: .none)
        #expect(abs(n.fraction - 0.5) < 1e-9)
        #expect(BayProgress.attempt(Self.sample(.finished, pass: 1, of: 1, done: 100, total: 100), capacity: cap, verification: .full).fraction == 1)
    }
}
