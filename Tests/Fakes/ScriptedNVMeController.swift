import BlockIO
import Foundation
import Synchronization

/// An NVMe controller with several namespaces, scripted: Identify Controller (serial, NN,
/// UNVMCAP, FNA, OACS Format), the Active Namespace ID list, Identify Namespace (NSZE, NGUID,
/// EUI64), and Format NVM that erases its namespace's device — or every namespace's when FNA
/// bit 0 or 1 is set or the NSID is FFFFFFFFh. Sanitize is not supported.
public final class ScriptedNVMeController: @unchecked Sendable {
    public struct Namespace: Sendable {
        public var device: MemoryBlockDevice
        public var nguid: [UInt8]?
        public var eui64: [UInt8]?

        public init(device: MemoryBlockDevice, nguid: [UInt8]? = nil, eui64: [UInt8]? = nil) {
            self.device = device
            self.nguid = nguid
            self.eui64 = eui64
        }
    }

    public let serial: String
    public let namespaces: [UInt32: Namespace]
    public let fna: UInt8
    public let unallocatedBytes: UInt64
    private let formatted = Mutex<[UInt32]>([])

    public init(serial: String = "CTRL-1", namespaces: [UInt32: Namespace], fna: UInt8 = 0, unallocatedBytes: UInt64 = 0) {
        self.serial = serial
        self.namespaces = namespaces
        self.fna = fna
        self.unallocatedBytes = unallocatedBytes
    }

    /// The namespaces a Format reached, in order.
    public var formattedNamespaces: [UInt32] { formatted.withLock { $0 } }

    /// Transports for namespace nodes: `paths` maps each node to its namespace ID.
    public func transports(paths: [String: UInt32]) -> ScriptedTransports {
        ScriptedTransports(nvme: { [self] in answer($0) }, namespaces: paths)
    }

    public func answer(_ cmd: NVMeAdminCommand) -> NVMeCompletion {
        switch (cmd.opcode, cmd.cdw10 & 0xFF) {
        case (0x06, 0x01):
            return ScriptedTransports.nvmeOK(NVMeIdentifyData.controller(serial: serial, oacs: 0x2, fna: fna,
                                                                         namespaces: 256, unallocatedBytes: unallocatedBytes))
        case (0x06, 0x02):
            return ScriptedTransports.nvmeOK(NVMeIdentifyData.activeNamespaces(namespaces.keys.filter { $0 > cmd.nsid }))
        case (0x06, 0x00):
            guard let ns = namespaces[cmd.nsid] else { return ScriptedTransports.nvmeStatus(0x400B) }
            return ScriptedTransports.nvmeOK(NVMeIdentifyData.namespace(blocks: ns.device.size.bytes / 512, nguid: ns.nguid, eui64: ns.eui64))
        case (0x80, _):
            let all = fna & 0x3 != 0 || cmd.nsid == 0xFFFF_FFFF
            guard all || namespaces[cmd.nsid] != nil else { return ScriptedTransports.nvmeStatus(0x400B) }
            for id in namespaces.keys.sorted() where all || id == cmd.nsid {
                let d = namespaces[id]!.device
                let zeros = [UInt8](repeating: 0, count: d.size.int)
                zeros.withUnsafeBytes { _ = try? d.write($0, at: .zero) }
                formatted.withLock { $0.append(id) }
            }
            return ScriptedTransports.nvmeOK()
        default:
            return ScriptedTransports.nvmeStatus(0x4001)
        }
    }
}
