import Foundation

/// NVMe Identify Namespace data (NVMe NVM Command Set §4.1.5.1).
public struct NVMeIdentifyNamespace: Hashable, Sendable {
    public let bytes: [UInt8]

    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 4096 else { return nil }
        self.bytes = bytes
    }

    func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }

    public var size: UInt64 { u64(0) }
    public var formatCount: Int { Int(bytes[25]) + 1 }
    /// The LBA format in use: FLBAS bits 3:0 and 6:5.
    public var currentFormatIndex: UInt8 { (bytes[26] & 0x0F) | ((bytes[26] >> 5) & 0x3) << 4 }
    /// DLFEAT bits 2:0: 1 = deallocated blocks read zeros, 2 = FFh.
    public var deallocatedReadValue: UInt8? {
        switch bytes[33] & 0x7 {
        case 1: 0x00
        case 2: 0xFF
        default: nil
        }
    }

    /// NGUID (104–119) and EUI64 (120–127) as lower-case hex; nil when all zero (not reported).
    public var nguid: String? { Self.identifier(bytes[104..<120]) }
    public var eui64: String? { Self.identifier(bytes[120..<128]) }
    static func identifier(_ b: ArraySlice<UInt8>) -> String? {
        b.allSatisfy({ $0 == 0 }) ? nil : b.map { String(format: "%02x", $0) }.joined()
    }

    /// NSZE × the logical block size of the format in use, in bytes.
    public var sizeBytes: UInt64 { size &* logicalBlockSize(format: currentFormatIndex) }

    public func logicalBlockSize(format index: UInt8) -> UInt64 {
        let at = 128 + 4 * Int(index)
        return 1 << UInt64(bytes[at + 2])
    }
}
