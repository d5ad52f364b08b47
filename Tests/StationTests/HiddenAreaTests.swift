import BlockIO
import Devices
import Evidence
import Fakes
import Foundation
import Sanitization
import Station
import StorageModel
import Testing
import TestSupport

/// Clear and hidden areas: an ATA drive's Host Protected Area or Device Configuration Overlay is
/// found during preparation (the Purge probe), and the wipe never claims to have reached it.
@Suite("Hidden areas (HPA, DCO) for Clear")
struct HiddenAreaTests {
    /// 8 MiB addressed (16,384 sectors of 512 bytes); the drive holds 20,480 natively.
    static let addressed: UInt64 = 16_384, native: UInt64 = 20_480

    func fixture(_ drive: ScriptedATADrive, path: String = "/dev/sdh") throws -> StationFixture {
        try StationFixture([FakeDeviceAccess.disk(path, mebibytes: 8, transport: .sata, media: .hdd)], transports: drive.transports())
    }

    func request(_ f: StationFixture, remove: Bool = false, allow: Bool = false) -> WipeRequest {
        var r = f.request(["/dev/sdh"])
        r.removeHiddenAreas = remove
        r.allowHiddenAreas = allow
        return r
    }

    func run(_ f: StationFixture, _ request: WipeRequest) async throws -> (WipeCertificate, DeviceWipeResult) {
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        let run = f.station.start(prepared, request: request)
        for await _ in run.events {}
        let r = try #require(await run.results().first)
        return (try certificate(r), r)
    }

    @Test func aClearIsRefusedWhileAHostProtectedAreaHidesSectors() throws {
        let f = try fixture(ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.native - 1))
        let p = try f.station.prepare(request(f))
        let refusal = try #require(p.first?.refusal)
        #expect(refusal.code == "hidden-area")
        #expect(refusal.reasons[0].contains("4096 sectors (LBA 16384–20479)"), "\(refusal.reasons)")
        #expect(throws: ExpungeError.self) { try Station.requireAllReady(p) }
        #expect(f.access.device("/dev/sdh")?.trace.isEmpty == true)
    }

    @Test func anAllowedHiddenAreaIsCertifiedFailedWithItsRange() async throws {
        let f = try fixture(ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.native - 1))
        let (c, _) = try await run(f, request(f, allow: true))
        #expect(c.result == .failed && c.reasons == [.hiddenAreaNotSanitized], "\(c.reasons) \(c.errors)")
        let capacity = try #require(c.capacity)
        #expect(capacity.hiddenAreas == .notSanitized)
        #expect(capacity.hiddenRanges == [.init(kind: .hpa, firstLBA: 16_384, lastLBA: 20_479)])
        #expect(capacity.addressedBytes == .mebibytes(8) && capacity.nativeBytes == ByteCount(Self.native * 512))
        #expect(c.errors.contains { $0.operation == "hidden-area" && $0.range == ByteRange(offset: .mebibytes(8), length: .mebibytes(2)) })
        // The addressable part was still overwritten and verified.
        #expect(c.verification.completed && c.verification.mismatchedBlocks == 0)
        #expect(f.access.device("/dev/sdh")?.contents.allSatisfy { $0 == 0 } == true)
    }

    @Test func aRemovedHiddenAreaIsRestoredAndTheWholeNativeCapacityWiped() async throws {
        let drive = ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.native - 1)
        let f = try fixture(drive)
        let whole = MemoryBlockDevice(size: ByteCount(Self.native * 512), path: "/dev/sdh")
        f.access.setAfterCapacityChange("/dev/sdh", whole)
        let (c, _) = try await run(f, request(f, remove: true))
        #expect(c.result == .passed, "\(c.reasons) \(c.errors)")
        #expect(drive.accessibleSectors == Self.native)
        #expect(c.device.capacity == ByteCount(Self.native * 512))
        let capacity = try #require(c.capacity)
        #expect(capacity.hiddenAreas == .removed)
        #expect(capacity.hiddenRanges == [.init(kind: .hpa, firstLBA: 16_384, lastLBA: 20_479, removed: true)])
        #expect(capacity.addressedBytes == capacity.nativeBytes)
        #expect(capacity.commands.map(\.name) == ["SET MAX ADDRESS EXT"] && capacity.commands[0].accepted)
        #expect(c.sanitization.commands.contains { $0.hasPrefix("SET MAX ADDRESS EXT") })
        #expect(c.sanitization.passes.first?.bytesWritten == ByteCount(Self.native * 512))
        #expect(whole.contents.allSatisfy { $0 == 0 }, "the restored sectors were overwritten too")
        #expect(f.access.device("/dev/sdh") === whole)
    }

    @Test func aRestoredAreaTheKernelCannotAddressIsNotWritten() async throws {
        let drive = ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.native - 1)
        let f = try fixture(drive)
        let device = try #require(f.access.device("/dev/sdh"))
        let (c, _) = try await run(f, request(f, remove: true))
        #expect(c.result == .failed && c.reasons == [.hiddenArea], "\(c.reasons)")
        #expect(device.trace.isEmpty, "nothing written")
        #expect(c.errors.first?.message.contains("the kernel addresses 8388608 bytes, not 10485760") == true, "\(c.errors)")
        #expect(c.capacity?.commands.map(\.name) == ["SET MAX ADDRESS EXT"], "the restore is on record")
        #expect(c.sanitization.commands.last == "nothing was written")
    }

    @Test func aDriveThatRefusesTheRestoreIsNotWritten() async throws {
        let f = try fixture(ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.native - 1, refusesSetMax: true))
        let device = try #require(f.access.device("/dev/sdh"))
        let (c, _) = try await run(f, request(f, remove: true))
        #expect(c.result == .failed && c.reasons == [.hiddenArea])
        #expect(device.trace.isEmpty)
        #expect(c.capacity?.commands.first?.accepted == false)
    }

    @Test func aDeviceConfigurationOverlayIsNeverRemovedAndOnlyAllowed() async throws {
        let drive = ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.addressed - 1, dcoMaxLBA: Self.native - 1)
        let t = drive.transports()
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/sdh", mebibytes: 8, transport: .sata, media: .hdd)], transports: t)
        let refused = try #require(try f.station.prepare(request(f, remove: true)).first?.refusal)
        #expect(refused.code == "hidden-area-dco")
        let (c, _) = try await run(f, request(f, allow: true))
        #expect(c.result == .failed && c.reasons == [.hiddenAreaNotSanitized])
        #expect(c.capacity?.hiddenRanges == [.init(kind: .dco, firstLBA: 16_384, lastLBA: 20_479)])
        #expect(!t.trace.contains("ata 37"), "no SET MAX sent")
    }

    @Test func aDriveWithoutHiddenAreasIsCheckedAndRecorded() async throws {
        let f = try fixture(ScriptedATADrive(accessibleSectors: Self.addressed, nativeMaxLBA: Self.addressed - 1, dcoMaxLBA: Self.addressed - 1))
        let (c, _) = try await run(f, request(f))
        #expect(c.result == .passed)
        #expect(c.capacity?.hiddenAreas == CapacityRecord.HiddenAreas.none)
        #expect(c.capacity?.nativeBytes == .mebibytes(8) && c.capacity?.addressedBytes == .mebibytes(8))
        #expect(c.capacity?.basis.contains("READ NATIVE MAX ADDRESS EXT, DEVICE CONFIGURATION IDENTIFY") == true)
    }

    @Test func anATADriveThatCannotBeCheckedNeedsConsent() async throws {
        // A SATL that answers nothing useful: IDENTIFY returns no data.
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/sdh", transport: .sata, media: .hdd)], transports: ScriptedTransports())
        #expect(try f.station.prepare(request(f)).first?.refusal?.code == "hidden-area-unchecked")
        let (c, _) = try await run(f, request(f, allow: true))
        #expect(c.result == .passed, "nothing hidden was found; the certificate says what was not checked")
        #expect(c.capacity?.hiddenAreas == .unchecked && c.capacity?.nativeBytes == nil)
    }

    @Test func interfacesWithoutHiddenAreasStateNativeEqualsAddressed() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/sdu", serial: "U1", transport: .usb, media: .flash)])
        let (results, _) = try await f.run(["/dev/fake1", "/dev/sdu"])
        let loop = try certificate(results[0]), usb = try certificate(results[1])
        #expect(loop.capacity?.hiddenAreas == .notApplicable)
        #expect(loop.capacity?.nativeBytes == loop.capacity?.addressedBytes)
        #expect(usb.capacity?.hiddenAreas == .unchecked, "a USB bridge is not queried, and says so")
        #expect(usb.result == .passed)
    }
}
