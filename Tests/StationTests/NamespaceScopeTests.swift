import BlockIO
import Devices
import Evidence
import Fakes
import Foundation
import Records
import Sanitization
import Station
import StorageModel
import Testing
import TestSupport

/// NVMe namespaces: each is its own device; what an attempt reaches is recorded as its scope, read
/// from the controller (Identify Controller NN/UNVMCAP/FNA, the active namespace list, each
/// namespace's NSZE) before anything is written or sent.
@Suite("NVMe namespaces: identity and scope")
struct NamespaceScopeTests {
    static let nguid1: [UInt8] = Array(1...16), eui2: [UInt8] = [0xAA, 0xBB, 0xCC, 0xDD, 0, 0, 0, 2]

    /// A controller with two 8 MiB namespaces, /dev/nvme0n1 and /dev/nvme0n2.
    func twoNamespaces(fna: UInt8 = 0, unallocated: UInt64 = 0) throws -> (StationFixture, ScriptedNVMeController) {
        let ns1 = MemoryBlockDevice(size: .mebibytes(8), path: "/dev/nvme0n1"), ns2 = MemoryBlockDevice(size: .mebibytes(8), path: "/dev/nvme0n2")
        let controller = ScriptedNVMeController(namespaces: [1: .init(device: ns1, nguid: Self.nguid1), 2: .init(device: ns2, eui64: Self.eui2)],
                                                fna: fna, unallocatedBytes: unallocated)
        let f = try StationFixture([FakeDeviceAccess.namespace("/dev/nvme0n1", device: ns1, nsid: 1),
                                    FakeDeviceAccess.namespace("/dev/nvme0n2", device: ns2, nsid: 2)],
                                   transports: controller.transports(paths: ["/dev/nvme0n1": 1, "/dev/nvme0n2": 2]))
        return (f, controller)
    }

    @Test func aClearOfOneNamespaceRecordsItAndTheOthersAndIsNotTheWholeDrive() async throws {
        let (f, _) = try twoNamespaces()
        let (results, _) = try await f.run(["/dev/nvme0n1"])
        let c = try certificate(try #require(results.first))
        #expect(c.result == .passed)
        #expect(c.device.serial == "CTRL-1" && c.device.nvmeNamespaceID == 1)
        #expect(c.device.nvmeNGUID == "0102030405060708090a0b0c0d0e0f10", "NGUID from Identify Namespace")
        let scope = try #require(c.scope)
        #expect(scope.kind == .namespace && !scope.wholeDevice)
        #expect(scope.namespace == .init(namespaceID: 1, sizeBytes: .mebibytes(8), nguid: "0102030405060708090a0b0c0d0e0f10"))
        #expect(scope.otherNamespaces == [.init(namespaceID: 2, sizeBytes: .mebibytes(8), eui64: "aabbccdd00000002")])
        #expect(scope.unallocatedBytes == .zero && scope.controllerSerial == "CTRL-1" && scope.maxNamespaces == 256)
        #expect(f.access.device("/dev/nvme0n2")?.trace.isEmpty == true, "the other namespace is untouched")
        // Indexed, the namespaces are two devices, and this one alone does not sanitize the drive.
        let indexed = CertificateIndexEntry(c, sha256: "", path: "")
        #expect(indexed.deviceKey.hasSuffix("/nsid:1") && !indexed.scopeWholeDevice && indexed.otherNamespaceIDs == [2])
        #expect(AssetLifecycle.status(certificates: [indexed], disposals: [], markedAwaitingDestruction: false) == .sanitizationIncomplete)
    }

    @Test func aFormatOfOneNamespaceLeavesTheOtherAndSaysSo() async throws {
        let (f, controller) = try twoNamespaces()
        let before = try #require(f.access.device("/dev/nvme0n2")).contents
        let (results, _) = try await f.run(["/dev/nvme0n1"], level: .purge)
        let c = try certificate(try #require(results.first))
        #expect(c.result == .passed, "\(c.reasons) \(c.errors)")
        #expect(c.sanitization.technique == .firmware(.nvmeFormatUserDataErase))
        #expect(controller.formattedNamespaces == [1])
        #expect(try #require(f.access.device("/dev/nvme0n2")).contents == before)
        #expect(c.scope?.kind == .namespace && c.scope?.wholeDevice == false && c.scope?.otherNamespaces.map(\.namespaceID) == [2])
        #expect(c.scope?.notes.contains { $0.contains("does not reach them") } == true)
    }

    @Test func aFormatThatActsOnEveryNamespaceIsRecordedAsSuch() async throws {
        let (f, controller) = try twoNamespaces(fna: 0x2)
        let (results, _) = try await f.run(["/dev/nvme0n1"], level: .purge)
        let c = try certificate(try #require(results.first))
        #expect(controller.formattedNamespaces == [1, 2])
        #expect(c.scope?.kind == .allNamespaces && c.scope?.wholeDevice == true)
        #expect(c.scope?.notes.contains { $0.contains("FNA bit 1") && $0.contains("canaries are checked in this namespace only") } == true)
    }

    @Test func unallocatedCapacityKeepsEvenAnAllNamespaceFormatFromTheWholeDrive() async throws {
        let (f, _) = try twoNamespaces(fna: 0x1, unallocated: 1 << 30)
        let (results, _) = try await f.run(["/dev/nvme0n2"], level: .purge)
        let c = try certificate(try #require(results.first))
        #expect(c.scope?.kind == .allNamespaces && c.scope?.wholeDevice == false && c.scope?.unallocatedBytes == ByteCount(1 << 30))
    }

    @Test func theOnlyNamespaceOfAFullyAllocatedControllerIsTheWholeDrive() async throws {
        let ns1 = MemoryBlockDevice(size: .mebibytes(8), path: "/dev/nvme0n1")
        let controller = ScriptedNVMeController(namespaces: [1: .init(device: ns1)])
        let f = try StationFixture([FakeDeviceAccess.namespace("/dev/nvme0n1", device: ns1, nsid: 1)],
                                   transports: controller.transports(paths: ["/dev/nvme0n1": 1]))
        let (results, _) = try await f.run(["/dev/nvme0n1"])
        let c = try certificate(try #require(results.first))
        #expect(c.scope?.kind == .namespace && c.scope?.wholeDevice == true && c.scope?.otherNamespaces.isEmpty == true)
    }

    @Test func aControllerThatCannotBeAskedIsNeverTheWholeDrive() async throws {
        let ns1 = MemoryBlockDevice(size: .mebibytes(8), path: "/dev/nvme0n1")
        let f = try StationFixture([FakeDeviceAccess.namespace("/dev/nvme0n1", device: ns1, nsid: 1)],
                                   transports: ScriptedTransports(nvme: { _ in ScriptedTransports.nvmeStatus(0x4002) }))
        let (results, _) = try await f.run(["/dev/nvme0n1"])
        let c = try certificate(try #require(results.first))
        #expect(c.result == .passed)
        #expect(c.scope?.wholeDevice == false && c.scope?.basis.hasPrefix("not fully established") == true)
    }

    @Test func anotherNamespaceBehindThePathIsNeverWritten() async throws {
        let (f, _) = try twoNamespaces()
        let request = f.request(["/dev/nvme0n1"])
        let prepared = try Station.requireAllReady(try f.station.prepare(request))
        var swapped = try #require(prepared.first).descriptor.identity
        swapped.nvmeNamespaceID = 2
        f.access.swap("/dev/nvme0n1", to: OpenedIdentity(major: 259, minor: 1, identity: swapped))
        let run = f.station.start(prepared, request: request)
        for await _ in run.events {}
        let c = try certificate(try #require(await run.results().first))
        #expect(c.result == .failed && c.reasons == [.identityChanged])
        #expect(c.errors.first?.message.contains("nvme_namespace_id") == true)
        #expect(f.access.device("/dev/nvme0n1")?.trace.isEmpty == true)
    }
}
