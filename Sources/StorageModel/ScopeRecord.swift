/// What part of the drive an attempt acted on. For NVMe a Clear or a per-namespace Format reaches
/// one namespace; other namespaces of the controller and its unallocated capacity are out of its
/// reach, so such a certificate is never by itself evidence that the drive is sanitized.
public struct ScopeRecord: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The device is one medium (not NVMe).
        case device
        /// One NVMe namespace (Clear, or Format NVM of this namespace only).
        case namespace
        /// Every namespace of the controller (Format NVM where FNA bit 0 or 1 is set).
        case allNamespaces = "all-namespaces"
        /// The whole NVM subsystem, unallocated capacity included (NVMe Sanitize).
        case nvmSubsystem = "nvm-subsystem"
    }

    /// An NVMe namespace as Identify Namespace describes it.
    public struct Namespace: Codable, Sendable, Hashable {
        public var namespaceID: UInt32
        /// NSZE × the logical block size in use.
        @NullCoded public var sizeBytes: ByteCount?
        @NullCoded public var nguid: String?
        @NullCoded public var eui64: String?

        public init(namespaceID: UInt32, sizeBytes: ByteCount?, nguid: String? = nil, eui64: String? = nil) {
            self.namespaceID = namespaceID
            self.sizeBytes = sizeBytes
            self.nguid = nguid
            self.eui64 = eui64
        }

        enum CodingKeys: String, CodingKey {
            case namespaceID = "namespace_id", sizeBytes = "size_bytes", nguid, eui64
        }
    }

    public var kind: Kind
    /// The attempt acted on every location of the drive that holds user data as far as the host
    /// can tell: no other namespace left out, no unallocated capacity, nothing unknown.
    public var wholeDevice: Bool
    /// NVMe: the controller's serial number.
    @NullCoded public var controllerSerial: String?
    /// NVMe: the namespace the attempt addressed.
    @NullCoded public var namespace: Namespace?
    /// NVMe: the controller's other active namespaces (for `namespace`: left untouched; for
    /// `all-namespaces`: acted on too, but not verified).
    public var otherNamespaces: [Namespace]
    /// NVMe: capacity in no namespace (Identify Controller UNVMCAP); nil when not known.
    @NullCoded public var unallocatedBytes: ByteCount?
    /// NVMe: the largest namespace ID the controller supports (Identify Controller NN).
    @NullCoded public var maxNamespaces: UInt32?
    /// How the scope was established, in words.
    public var basis: String
    public var notes: [String]

    public init(kind: Kind, wholeDevice: Bool, controllerSerial: String? = nil, namespace: Namespace? = nil, otherNamespaces: [Namespace] = [],
                unallocatedBytes: ByteCount? = nil, maxNamespaces: UInt32? = nil, basis: String, notes: [String] = []) {
        self.kind = kind
        self.wholeDevice = wholeDevice
        self.controllerSerial = controllerSerial
        self.namespace = namespace
        self.otherNamespaces = otherNamespaces
        self.unallocatedBytes = unallocatedBytes
        self.maxNamespaces = maxNamespaces
        self.basis = basis
        self.notes = notes
    }

    /// A device that is one medium (hidden areas aside: see the capacity record).
    public static func device(_ transport: Transport) -> ScopeRecord {
        ScopeRecord(kind: .device, wholeDevice: true, basis: "\(transport.rawValue): the device is one medium (no namespaces)")
    }

    /// One line for plans and confirmations.
    public var summary: String {
        func size(_ n: Namespace) -> String { "namespace \(n.namespaceID)" + (n.sizeBytes.map { " (\($0.bytes) bytes)" } ?? "") }
        switch kind {
        case .device: return "the whole device"
        case .nvmSubsystem: return "the whole NVM subsystem (every namespace and unallocated capacity)"
        case .allNamespaces:
            return "every namespace of controller \(controllerSerial ?? "?")" + (wholeDevice ? "" : "; unallocated capacity \(unallocatedBytes.map { "\($0.bytes) bytes" } ?? "unknown") not covered")
        case .namespace:
            var parts = [namespace.map(size) ?? "one namespace"]
            if !otherNamespaces.isEmpty { parts.append("not " + otherNamespaces.map(size).joined(separator: ", ")) }
            parts.append("unallocated capacity " + (unallocatedBytes.map { "\($0.bytes) bytes" } ?? "unknown"))
            return parts.joined(separator: "; ") + (wholeDevice ? "" : ": NOT the whole drive")
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, namespace, basis, notes
        case wholeDevice = "whole_device", controllerSerial = "controller_serial", otherNamespaces = "other_namespaces"
        case unallocatedBytes = "unallocated_bytes", maxNamespaces = "max_namespaces"
    }
}
