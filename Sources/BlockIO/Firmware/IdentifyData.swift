/// ATA IDENTIFY DEVICE data (ACS-3 §7.12.7): 256 little-endian words.
public struct ATAIdentify: Hashable, Sendable {
    public let words: [UInt16]

    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 512 else { return nil }
        words = (0..<256).map { UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8 }
    }

    func bit(_ word: Int, _ bit: Int) -> Bool { words[word] & (1 << bit) != 0 }

    /// ATA strings are byte-swapped within each word.
    func string(_ range: ClosedRange<Int>) -> String {
        var bytes: [UInt8] = []
        for w in range { bytes.append(UInt8(words[w] >> 8)); bytes.append(UInt8(words[w] & 0xFF)) }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \u{0}"))
    }

    public var serial: String { string(10...19) }
    public var firmware: String { string(23...26) }
    public var model: String { string(27...46) }

    public var userSectors48: UInt64 { (100...103).reversed().reduce(0) { $0 << 16 | UInt64(words[$1]) } }

    // Security feature set (words 82, 85, 89, 90, 128).
    public var securitySupported: Bool { bit(82, 1) && bit(128, 0) }
    public var securityEnabled: Bool { bit(128, 1) }
    public var securityLocked: Bool { bit(128, 2) }
    public var securityFrozen: Bool { bit(128, 3) }
    public var securityCountExpired: Bool { bit(128, 4) }
    public var enhancedEraseSupported: Bool { bit(128, 5) }

    /// Erase time estimates in minutes (words 89/90); nil if not given.
    public var normalEraseMinutes: Int? { Self.eraseMinutes(words[89]) }
    public var enhancedEraseMinutes: Int? { Self.eraseMinutes(words[90]) }
    static func eraseMinutes(_ w: UInt16) -> Int? {
        if w == 0 { return nil }
        return w & 0x8000 != 0 ? Int(w & 0x7FFF) * 2 : Int(w & 0xFF) * 2
    }

    // Sanitize feature set (word 59).
    public var sanitizeSupported: Bool { bit(59, 12) }
    public var sanitizeCryptoScramble: Bool { sanitizeSupported && bit(59, 13) }
    public var sanitizeOverwrite: Bool { sanitizeSupported && bit(59, 14) }
    public var sanitizeBlockErase: Bool { sanitizeSupported && bit(59, 15) }

    /// Deterministic data after TRIM (DRAT, w69 b14) and zeros after TRIM (RZAT, w69 b5).
    public var deterministicReadAfterTrim: Bool { bit(69, 14) }
    public var readZeroAfterTrim: Bool { bit(69, 5) }

    public var hpaSupported: Bool { bit(82, 10) }
    public var hpaEnabled: Bool { bit(85, 10) }
    public var dcoSupported: Bool { bit(83, 11) }
    public var lba48Supported: Bool { bit(83, 10) }
    /// Word 217 = 1: non-rotating (solid state).
    public var nonRotating: Bool { words[217] == 1 }
}

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
    /// Number of namespaces (516–519).
    public var namespaceCount: UInt32 { u32(516) }
}

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

    public func logicalBlockSize(format index: UInt8) -> UInt64 {
        let at = 128 + 4 * Int(index)
        return 1 << UInt64(bytes[at + 2])
    }
}

/// The Sanitize Status log page (81h): 512 bytes.
public struct NVMeSanitizeStatus: Hashable, Sendable {
    public var progress: UInt16
    public var status: UInt16
    public var commandDword10: UInt32

    public init?(_ b: [UInt8]) {
        guard b.count >= 8 else { return nil }
        progress = UInt16(b[0]) | UInt16(b[1]) << 8
        status = UInt16(b[2]) | UInt16(b[3]) << 8
        commandDword10 = (0..<4).reduce(0) { $0 | UInt32(b[4 + $1]) << (8 * UInt32($1)) }
    }

    public enum State: Sendable, Equatable { case never, succeeded, inProgress, failed, succeededWithDeallocation, other(UInt8) }

    public var state: State {
        switch status & 0x7 {
        case 0: .never
        case 1: .succeeded
        case 2: .inProgress
        case 3: .failed
        case 4: .succeededWithDeallocation
        default: .other(UInt8(status & 0x7))
        }
    }
}

import Foundation
