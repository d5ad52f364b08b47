import Foundation

/// NVMe Identify Controller data (NVMe Base 2.x §5.1.13.2.1).
public struct NVMeIdentifyController: Hashable, Sendable {
    public let bytes: [UInt8]

    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 4096 else { return nil }
        self.bytes = bytes
    }

    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
    func ascii(_ at: Int, _ n: Int) -> String { String(decoding: bytes[at..<(at + n)], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \u{0}")) }

    public var serial: String { ascii(4, 20) }
    public var model: String { ascii(24, 40) }
    public var firmware: String { ascii(64, 8) }
    /// OACS (256–257).
    public var oacs: UInt16 { u16(256) }
    public var formatSupported: Bool { oacs & 0x2 != 0 }
    public var securitySendReceiveSupported: Bool { oacs & 0x1 != 0 }
    /// SANICAP (328–331).
    public var sanicap: UInt32 { u32(328) }
    public var sanitizeCryptoErase: Bool { sanicap & 0x1 != 0 }
    public var sanitizeBlockErase: Bool { sanicap & 0x2 != 0 }
    public var sanitizeOverwrite: Bool { sanicap & 0x4 != 0 }
    /// No-Deallocate Inhibited (b29): NDAS is ignored.
    public var noDeallocateInhibited: Bool { sanicap & (1 << 29) != 0 }
    /// FNA (524).
    public var fna: UInt8 { bytes[524] }
    public var formatAppliesToAllNamespaces: Bool { fna & 0x1 != 0 }
    public var secureEraseAppliesToAllNamespaces: Bool { fna & 0x2 != 0 }
    public var cryptoEraseSupported: Bool { fna & 0x4 != 0 }
    /// Number of namespaces (516–519): the largest valid NSID, not how many are active.
    public var namespaceCount: UInt32 { u32(516) }
    func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
    /// TNVMCAP (280–295) and UNVMCAP (296–311), 128-bit byte counts, saturated to 64 bits; 0 when
    /// the controller does not report them (no namespace management).
    public var totalCapacity: UInt64 { u64(288) != 0 ? .max : u64(280) }
    public var unallocatedCapacity: UInt64 { u64(304) != 0 ? .max : u64(296) }
}
