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

/// "No certificate claims more than happened": what the certificate's `commands` and
/// `verification` say, for attempts that did less than a full wipe.
@Suite("Certificates state what was done")
struct CertificateTruthTests {
    @Test func noVerificationReadIsListedWhenVerificationWasNone() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1")])
        let (results, _) = try await f.run(["/dev/fake1"], verification: .none)
        let c = try certificate(try #require(results.first))
        #expect(c.result == .unverified)
        #expect(!c.sanitization.commands.contains { $0.contains("pread") }, "\(c.sanitization.commands)")
        #expect(c.sanitization.commands.contains { $0.hasPrefix("pass 1 (zero): pwrite(2)") && $0.hasSuffix("then fdatasync(2)") })
        #expect(c.verification.readPath == nil)
    }

    @Test func noVerificationReadIsListedWhenTheOverwriteFailed() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1", faults: .init(writeErrors: [100: .ioError]))])
        let (results, _) = try await f.run(["/dev/fake1"])
        let c = try certificate(try #require(results.first))
        #expect(c.result == .failed)
        #expect(!c.verification.completed && c.verification.startedAt == nil)
        #expect(!c.sanitization.commands.contains { $0.contains("pread") }, "verification never started: \(c.sanitization.commands)")
    }

    @Test func verificationReadsNameWhereTheyCameFrom() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1", readPath: .pageCacheBackedLoop),
                                    FakeDeviceAccess.disk("/dev/fake2", serial: "SN-2", readPath: .direct)])
        let (results, _) = try await f.run(["/dev/fake1", "/dev/fake2"])
        let cached = try certificate(results[0]), direct = try certificate(results[1])
        #expect(cached.verification.readPath == .pageCacheBackedLoop)
        #expect(direct.verification.readPath == .direct)
        let read = try #require(cached.sanitization.commands.first { $0.hasPrefix("pread(2) for verification") })
        #expect(read.contains("page cache") && read.contains("not a direct read"), "\(read)")
        #expect(direct.sanitization.commands.contains { $0.hasPrefix("pread(2) for verification") && $0.contains("no page cache") })
        // The plan shown before the wipe says so too.
        let plans = try f.station.prepare(f.request(["/dev/fake1"]))
        #expect(plans[0].prepared?.description.contains("page cache (loop/dio 0)") == true)
    }

    @Test func aPurgeThatCannotBeOpenedKeepsItsTechniqueAndSendsNothing() async throws {
        let transports = ScriptedTransports(nvme: { cmd in
            switch (cmd.opcode, cmd.cdw10 & 0xFF) {
            case (0x06, 0x01): ScriptedTransports.nvmeOK(NVMeIdentifyData.controller(oacs: 0x2))
            case (0x06, 0x00): ScriptedTransports.nvmeOK(NVMeIdentifyData.namespace(blocks: 16384))
            default: ScriptedTransports.nvmeStatus(0x4001)
            }
        })
        let disk = FakeDeviceAccess.disk("/dev/nvme0n1", openError: .ioError, transport: .nvme, media: .nvme)
        let f = try StationFixture([disk], transports: transports)
        let (results, _) = try await f.run(["/dev/nvme0n1"], level: .purge)
        let c = try certificate(try #require(results.first))
        #expect(c.result == .failed)
        #expect(c.sanitization.technique == .firmware(.nvmeFormatUserDataErase))
        #expect(c.sanitization.method == .blockErase)
        #expect(c.sanitization.firmware?.commands.isEmpty == true)
        #expect(c.sanitization.commands == ["open(2) /dev/nvme0n1 O_RDWR|O_DIRECT|O_EXCL: failed; nothing was written and no firmware command was sent"])
        #expect(!c.sanitization.techniqueReference.contains("canary"), "no canary was ever written: \(c.sanitization.techniqueReference)")
        #expect(!transports.trace.contains { $0.hasPrefix("nvme 80") }, "no Format sent")
    }
}

/// Between the exclusive open and the first write the station re-reads the identity through the
/// open descriptor and compares it with the plan the operator confirmed.
@Suite("The right device, the whole time")
struct IdentityBeforeWriteTests {
    func opened(_ d: DeviceDescriptor, major: UInt32? = nil, minor: UInt32? = nil, change: (inout DeviceIdentity) -> Void = { _ in }) -> OpenedIdentity {
        var identity = d.identity
        change(&identity)
        return OpenedIdentity(major: major ?? d.major, minor: minor ?? d.minor, identity: identity)
    }

    /// Prepares (the operator confirms this plan), then the device changes, then the run.
    func runAfterSwap(_ disk: FakeDeviceAccess.Disk, _ swap: (DeviceDescriptor) -> OpenedIdentity) async throws -> (WipeCertificate, MemoryBlockDevice, StationFixture) {
        let f = try StationFixture([disk])
        let request = f.request([disk.descriptor.path])
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        f.access.swap(disk.descriptor.path, to: swap(disk.descriptor))
        let run = f.station.start(prepared, request: request)
        for await _ in run.events {}
        let r = try #require(await run.results().first)
        return (try certificate(r), try #require(f.access.device(disk.descriptor.path)), f)
    }

    @Test func anotherSerialBehindThePathIsNeverWritten() async throws {
        let (c, device, f) = try await runAfterSwap(FakeDeviceAccess.disk("/dev/fake1")) { d in opened(d) { $0.serial = "SN-OTHER" } }
        #expect(c.result == .failed && c.reasons == [.identityChanged])
        #expect(device.trace.isEmpty, "nothing written, not even read")
        #expect(c.deviceAtEnd?.serial == "SN-OTHER", "the device actually found is recorded")
        #expect(c.errors.first?.operation == "identity-before-write")
        #expect(c.errors.first?.message.contains("serial: Optional(\"SN-1\") → Optional(\"SN-OTHER\")") == true, "\(c.errors)")
        #expect(c.sanitization.passes.isEmpty)
        #expect(c.sanitization.commands.last?.contains("not the device planned and confirmed; nothing was written") == true)
        #expect(AttemptJournal(directory: f.keys.home.journal).entries().first?.passes.isEmpty == true)
    }

    @Test func anotherDeviceNumberOrSizeIsNeverWritten() async throws {
        for swap in [{ (d: DeviceDescriptor) in opened(d, minor: 9) },
                     { (d: DeviceDescriptor) in opened(d) { $0.capacity = $0.capacity + ByteCount(4096) } },
                     { (d: DeviceDescriptor) in opened(d) { $0.path = "/dev/fake9" } }] {
            // A weak identity (no serial, no WWN): size, path and device number are all there is.
            let (c, device, _) = try await runAfterSwap(FakeDeviceAccess.disk("/dev/fake1", serial: nil), swap)
            #expect(c.result == .failed && c.reasons == [.identityChanged], "\(c.errors)")
            #expect(device.trace.isEmpty)
            #expect(c.identityStrength == .weak)
        }
    }

    @Test func certificatesSayHowStrongTheIdentityWas() async throws {
        let f = try StationFixture([FakeDeviceAccess.disk("/dev/fake1"), FakeDeviceAccess.disk("/dev/fake2", serial: nil)])
        let (results, _) = try await f.run(["/dev/fake1", "/dev/fake2"])
        let strong = try certificate(results[0]), weak = try certificate(results[1])
        #expect(strong.result == .passed && weak.result == .passed)
        #expect(strong.identityStrength == .strong)
        #expect(weak.identityStrength == .weak)
        #expect(weak.sanitization.commands[1].contains("weak identity"), "\(weak.sanitization.commands)")
        #expect(strong.sanitization.commands[1].hasPrefix("identity confirmed through the open descriptor before the first write"))
    }
}
