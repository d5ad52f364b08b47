import BlockIO
import Evidence
import Fakes
import Foundation
import Health
import Station
import StorageModel
import Testing

/// The station reads health before and after each attempt and the certificate records it with
/// the grade; a reading that fails or has nothing to read never fails the wipe.
@Suite("Station: health in the certificate")
struct HealthCertificateTests {
    /// SMART data with attribute 5 (reallocated sectors) = `reallocated`.
    static func smartData(reallocated: UInt8) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        for (j, v) in [UInt8(5), 0x33, 0, 100, 100, reallocated].enumerated() { b[2 + j] = v }
        b[511] = 0 &- b[0..<511].reduce(UInt8(0), &+)
        return b
    }

    /// A SATA drive (8 MiB, no hidden area) that answers SMART READ DATA and RETURN STATUS.
    static func sataDrive(smart: Bool = true) -> ScriptedTransports {
        let drive = ScriptedATADrive(accessibleSectors: 16_384, nativeMaxLBA: nil)
        return ScriptedTransports(scsi: { cmd in
            guard smart, cmd.cdb[0] == 0x85, cmd.cdb[14] == 0xB0 else { return drive.answer(cmd) }
            switch cmd.cdb[4] {
            case 0xD0: return ScriptedTransports.good(smartData(reallocated: 3))
            case 0xDA: return ScriptedTransports.ataRegisters(status: 0x50, lba: 0xC2_4F00)
            default: return drive.answer(cmd)
            }
        })
    }

    static func fixture(_ disk: FakeDeviceAccess.Disk, transports: ScriptedTransports) throws -> StationFixture {
        var f = try StationFixture([disk], transports: transports)
        let reader = HealthReader(transports: transports, now: { Date(timeIntervalSince1970: 1_800_000_000) })
        f.station = Station(environment: f.station.environment, signer: f.station.signer, store: nil, health: HealthCheck(reader: reader))
        return f
    }

    func verified(_ r: DeviceWipeResult, _ f: StationFixture) throws -> WipeCertificate {
        let entry = try #require(r.certificate)
        #expect(DocumentVerifier(trust: f.keys.trust).verifyDocument(at: entry.documentPath).problems == [])
        return try certificate(r)
    }

    @Test func aSATADrivesSMARTDataIsReadBeforeAndAfterAndGraded() async throws {
        let transports = Self.sataDrive()
        let f = try Self.fixture(FakeDeviceAccess.disk("/dev/sdz", transport: .sata, media: .hdd), transports: transports)
        let (results, events) = try await f.run(["/dev/sdz"])
        #expect(results[0].outcome.result == .passed)
        let c = try verified(results[0], f)
        #expect(c.schemaVersion == WipeCertificate.schemaVersion)
        let h = try #require(c.health)
        #expect(h.before?.status == .read && h.after?.status == .read && h.before?.interface == "ata")
        #expect(h.before?.facts.reallocatedSectors == 3 && h.after?.facts.overallStatus == .passed)
        #expect(h.grade == .reuseWithCaution && h.reasons.map(\.code) == ["reallocated-sectors"])
        #expect(h.rules == HealthRecord.Rules(version: "expunge-default-1", source: "built-in", sha256: nil) && h.wipeMediaErrorBytes == 0)
        #expect(events.contains { if case .health(_, let r) = $0 { return r.grade == .reuseWithCaution } else { return false } })
        #expect(transports.trace.filter { $0 == "ata B0" }.count >= 6, "SMART READ DATA, THRESHOLDS and RETURN STATUS, before and after")
    }

    @Test func aLoopDeviceHasNoHealthAndIsNotGraded() async throws {
        let transports = ScriptedTransports()
        let f = try Self.fixture(FakeDeviceAccess.disk("/dev/loop9"), transports: transports)
        let (results, _) = try await f.run(["/dev/loop9"])
        #expect(results[0].outcome.result == .passed)
        let h = try #require(try verified(results[0], f).health)
        #expect(h.before?.status == .notAvailable && h.before?.reason == "loop device: virtual, no drive firmware holds health data")
        #expect(h.grade == nil && h.reasons.isEmpty && h.before?.facts.isEmpty == true)
        #expect(transports.trace.isEmpty, "nothing is sent to a loop device")
    }

    @Test func aFailedReadingNeverFailsTheWipe() async throws {
        let f = try Self.fixture(FakeDeviceAccess.disk("/dev/sdy", transport: .sata, media: .hdd), transports: Self.sataDrive(smart: false))
        let (results, _) = try await f.run(["/dev/sdy"])
        #expect(results[0].outcome.result == .passed)
        let h = try #require(try verified(results[0], f).health)
        #expect(h.before?.status == .failed && h.after?.status == .failed && h.grade == nil)
        #expect(h.before?.reason?.hasPrefix("no SMART data, status or device statistics could be read") == true)
    }

    @Test func mediaErrorsFoundDuringTheWipeGradeTheDrive() async throws {
        let faults = MemoryBlockDevice.Faults(writeErrors: [100: .ioError])
        let f = try Self.fixture(FakeDeviceAccess.disk("/dev/loop8", faults: faults), transports: ScriptedTransports())
        let (results, _) = try await f.run(["/dev/loop8"])
        #expect(results[0].outcome.result == .failed)
        let h = try #require(try verified(results[0], f).health)
        #expect(h.wipeMediaErrorBytes > 0 && h.grade == .doNotReuse && h.reasons.map(\.code) == ["wipe-media-errors"])
    }

    @Test func anInvalidRulesFileStopsTheStationFromOpening() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/loop7")])
        try Data(#"{"version": "x", "rules": [{"fact": "percentage-used", "grade": "do-not-reuse"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: f.keys.home.root + "/health-rules.json"))
        await #expect(throws: ExpungeError.self) { _ = try await Station.open(f.station.environment) }
    }
}
