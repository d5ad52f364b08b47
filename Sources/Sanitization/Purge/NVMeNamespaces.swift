import BlockIO
import StorageModel

/// An NVMe controller's namespaces as seen from one of them, read (never changed) before any
/// Clear, Format or Sanitize: Identify Controller (serial, NN, UNVMCAP, FNA), the Active Namespace
/// ID list, and Identify Namespace of each (NSZE, LBA format, NGUID, EUI64).
public struct NVMeNamespaces: Sendable, Hashable {
    public var controllerSerial: String?
    public var maxNamespaces: UInt32?
    public var unallocatedBytes: ByteCount?
    /// FNA bit 0: a Format acts on every namespace; bit 1: its secure erase does.
    public var formatAppliesToAll: Bool
    public var secureEraseAppliesToAll: Bool
    /// The namespace of the node probed.
    public var namespace: ScopeRecord.Namespace?
    public var others: [ScopeRecord.Namespace]
    /// Every fact above was read.
    public var complete: Bool
    public var notes: [String]

    public static let basis = "Identify Controller (NN, UNVMCAP, FNA), Active Namespace ID list, Identify Namespace of each namespace (NSZE, NGUID, EUI64)"

    /// What an attempt by `technique` (nil: a Clear, the host overwrite of this namespace) reaches.
    public func scope(technique: PurgeTechnique?) -> ScopeRecord {
        let unallocatedNone = unallocatedBytes == .zero
        var kind = ScopeRecord.Kind.namespace
        var whole = complete && others.isEmpty && unallocatedNone
        var notes = notes
        switch technique {
        case .nvmeSanitizeBlockErase?, .nvmeSanitizeCryptoErase?, .nvmeSanitizeOverwrite?:
            kind = .nvmSubsystem
            whole = true
        case let t? where (t == .nvmeFormatUserDataErase || t == .nvmeFormatCryptoErase) && (formatAppliesToAll || secureEraseAppliesToAll):
            kind = .allNamespaces
            whole = complete && unallocatedNone
            notes.append("Format NVM acts on every namespace of the controller (FNA bit \(formatAppliesToAll ? 0 : 1))"
                         + (others.isEmpty ? "" : ": namespaces \(others.map { String($0.namespaceID) }.joined(separator: ", ")) are formatted too; canaries are checked in this namespace only"))
        default:
            break
        }
        if !others.isEmpty && kind == .namespace {
            notes.append("the controller has other namespaces (\(others.map { String($0.namespaceID) }.joined(separator: ", "))): this attempt does not reach them")
        }
        if let u = unallocatedBytes, u > .zero, kind != .nvmSubsystem {
            notes.append("\(u.bytes) bytes of the controller's capacity are in no namespace (UNVMCAP): this attempt does not reach them")
        }
        return ScopeRecord(kind: kind, wholeDevice: whole, controllerSerial: controllerSerial, namespace: namespace, otherNamespaces: others,
                           unallocatedBytes: unallocatedBytes, maxNamespaces: maxNamespaces,
                           basis: complete ? Self.basis : "not fully established: " + Self.basis, notes: notes)
    }
}

extension PurgeCapabilityProbe {
    /// The controller's namespaces, from the namespace node at `path`; read-only.
    public func nvmeNamespaces(path: String) -> NVMeNamespaces {
        var facts = NVMeNamespaces(controllerSerial: nil, maxNamespaces: nil, unallocatedBytes: nil, formatAppliesToAll: false,
                                   secureEraseAppliesToAll: false, namespace: nil, others: [], complete: false, notes: [])
        let nvme: any NVMeAdminTransport, nsid: UInt32
        do { (nvme, nsid) = try transports.nvme(path) } catch {
            facts.notes.append("the controller could not be queried: \(Self.permissionBlocker(error)); other namespaces and unallocated capacity are unknown")
            return facts
        }
        func namespace(_ id: UInt32) -> ScopeRecord.Namespace? {
            guard let r = try? nvme.submit(.identifyNamespace(id)), r.status.isSuccess, let ns = NVMeIdentifyNamespace(r.data) else { return nil }
            return ScopeRecord.Namespace(namespaceID: id, sizeBytes: ByteCount(ns.sizeBytes), nguid: ns.nguid, eui64: ns.eui64)
        }
        facts.namespace = namespace(nsid)
        guard let c = try? nvme.submit(.identifyController()), c.status.isSuccess, let ctrl = NVMeIdentifyController(c.data) else {
            facts.notes.append("Identify Controller failed: other namespaces and unallocated capacity are unknown")
            return facts
        }
        facts.controllerSerial = ctrl.serial
        facts.maxNamespaces = ctrl.namespaceCount
        facts.unallocatedBytes = ByteCount(ctrl.unallocatedCapacity)
        facts.formatAppliesToAll = ctrl.formatAppliesToAllNamespaces
        facts.secureEraseAppliesToAll = ctrl.secureEraseAppliesToAllNamespaces
        var ids: [UInt32]
        if let r = try? nvme.submit(.activeNamespaceList()), r.status.isSuccess, let list = NVMeNamespaceList(r.data) {
            ids = list.ids
            // More than 1,024 namespaces: read on from the last one.
            while ids.count % 1024 == 0, let last = ids.last, let more = try? nvme.submit(.activeNamespaceList(after: last)), more.status.isSuccess,
                  let next = NVMeNamespaceList(more.data), !next.ids.isEmpty {
                ids += next.ids
            }
        } else {
            // Controllers before NVMe 1.1: every NSID up to NN whose namespace has a size.
            facts.notes.append("the Active Namespace ID list is not supported: namespaces 1–\(ctrl.namespaceCount) were identified one by one")
            ids = (1...max(1, min(ctrl.namespaceCount, 1024))).filter { namespace($0).map { ($0.sizeBytes ?? .zero) > .zero } ?? false }
        }
        var complete = facts.namespace != nil
        for id in ids where id != nsid {
            if let ns = namespace(id) { facts.others.append(ns) } else {
                facts.others.append(ScopeRecord.Namespace(namespaceID: id, sizeBytes: nil))
                complete = false
            }
        }
        facts.complete = complete
        return facts
    }
}
