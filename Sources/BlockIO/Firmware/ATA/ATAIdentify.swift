import Foundation

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
    /// Words 60–61: user-addressable sectors in 28-bit addressing.
    public var userSectors28: UInt64 { UInt64(words[61]) << 16 | UInt64(words[60]) }
    /// The addressable sectors now (the accessible maximum + 1): words 100–103 when set, else 60–61.
    public var userSectors: UInt64 { userSectors48 > 0 ? userSectors48 : userSectors28 }

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
