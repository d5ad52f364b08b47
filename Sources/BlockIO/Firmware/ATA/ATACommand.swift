/// An ATA command carried in a SCSI ATA PASS-THROUGH(16) CDB (SAT, opcode 85h) over SG_IO.
public struct ATACommand: Hashable, Sendable, CustomStringConvertible {
    public enum TransferProtocol: UInt8, Sendable {
        case nonData = 3, pioIn = 4, pioOut = 5
    }

    public var name: String
    public var transfer: TransferProtocol
    /// 48-bit (EXT) command: the upper register bytes are used.
    public var extend: Bool
    public var feature: UInt16 = 0
    public var count: UInt16 = 0
    public var lba: UInt64 = 0
    public var device: UInt8 = 0x40
    public var command: UInt8
    /// Ask the SATL to return the registers in sense data even on success (CK_COND).
    public var checkCondition: Bool = false
    /// 512-byte blocks transferred (PIO in/out).
    public var blocks: Int = 0
    /// The payload of a PIO-out command.
    public var payload: [UInt8] = []
    public var timeoutMilliseconds: UInt32 = 60_000

    /// The 16-byte CDB (SAT-4 ATA PASS-THROUGH(16)).
    public var cdb: [UInt8] {
        var c = [UInt8](repeating: 0, count: 16)
        c[0] = 0x85
        c[1] = (transfer.rawValue << 1) | (extend ? 1 : 0)
        switch transfer {
        case .nonData: c[2] = checkCondition ? 0x20 : 0x00
        case .pioIn: c[2] = 0x0E | (checkCondition ? 0x20 : 0)    // T_DIR in, BYT_BLOK, T_LENGTH = COUNT
        case .pioOut: c[2] = 0x06 | (checkCondition ? 0x20 : 0)   // T_DIR out, BYT_BLOK, T_LENGTH = COUNT
        }
        c[3] = UInt8(feature >> 8); c[4] = UInt8(feature & 0xFF)
        c[5] = UInt8(count >> 8); c[6] = UInt8(count & 0xFF)
        c[7] = UInt8((lba >> 24) & 0xFF); c[8] = UInt8(lba & 0xFF)
        c[9] = UInt8((lba >> 32) & 0xFF); c[10] = UInt8((lba >> 8) & 0xFF)
        c[11] = UInt8((lba >> 40) & 0xFF); c[12] = UInt8((lba >> 16) & 0xFF)
        c[13] = device
        c[14] = command
        return c
    }

    public var description: String {
        "\(name): ATA command \(hex(command)) feature \(hex32(UInt32(feature)).suffix(4)) count \(count) lba \(hex32(UInt32(truncatingIfNeeded: lba))) via ATA PASS-THROUGH(16) CDB " +
            cdb.map { String($0, radix: 16, uppercase: true).leftPad(2) }.joined(separator: " ")
    }

    // MARK: - Commands (ACS-3; hdparm; sanitize keys per ACS-3 §7.36)

    public static func identifyDevice() -> ATACommand {
        ATACommand(name: "IDENTIFY DEVICE", transfer: .pioIn, extend: false, count: 1, command: 0xEC, blocks: 1)
    }

    public static func sanitizeStatus(clearFailure: Bool = false) -> ATACommand {
        ATACommand(name: "SANITIZE STATUS EXT", transfer: .nonData, extend: true, feature: 0x0000, count: clearFailure ? 1 : 0,
                   command: 0xB4, checkCondition: true)
    }

    public static func sanitizeCryptoScramble(failureMode: Bool = false) -> ATACommand {
        ATACommand(name: "SANITIZE CRYPTO SCRAMBLE EXT", transfer: .nonData, extend: true, feature: 0x0011,
                   count: failureMode ? 0x10 : 0, lba: 0x4372_7970, command: 0xB4, checkCondition: true)
    }

    public static func sanitizeBlockErase(failureMode: Bool = false) -> ATACommand {
        ATACommand(name: "SANITIZE BLOCK ERASE EXT", transfer: .nonData, extend: true, feature: 0x0012,
                   count: failureMode ? 0x10 : 0, lba: 0x426B_4572, command: 0xB4, checkCondition: true)
    }

    /// OVERWRITE EXT: LBA 47:32 = "OW" (4F57h), LBA 31:0 = the pattern; COUNT b3:0 passes (0 = 16), b7 invert.
    public static func sanitizeOverwrite(pattern: UInt32, passes: UInt8 = 1, invert: Bool = false, failureMode: Bool = false) -> ATACommand {
        var count = UInt16(passes & 0x0F)
        if invert { count |= 0x80 }
        if failureMode { count |= 0x10 }
        return ATACommand(name: "SANITIZE OVERWRITE EXT", transfer: .nonData, extend: true, feature: 0x0014, count: count,
                          lba: (0x4F57 << 32) | UInt64(pattern), command: 0xB4, checkCondition: true)
    }

    public static func readNativeMaxAddressExt() -> ATACommand {
        ATACommand(name: "READ NATIVE MAX ADDRESS EXT", transfer: .nonData, extend: true, command: 0x27, checkCondition: true)
    }

    /// SET MAX ADDRESS EXT (37h, ACS-2; obsolete in ACS-3 in favour of AMA): sets the accessible
    /// maximum LBA. COUNT bit 0 = VOLATILE: the setting reverts at power-off, so restoring the
    /// native maximum for a purge leaves no permanent change.
    public static func setMaxAddressExt(_ maxLBA: UInt64, volatile: Bool = true) -> ATACommand {
        ATACommand(name: "SET MAX ADDRESS EXT", transfer: .nonData, extend: true, count: volatile ? 1 : 0, lba: maxLBA,
                   command: 0x37, checkCondition: true)
    }

    public static func dcoIdentify() -> ATACommand {
        ATACommand(name: "DEVICE CONFIGURATION IDENTIFY", transfer: .pioIn, extend: false, feature: 0xC2, count: 1, command: 0xB1, blocks: 1)
    }

    // MARK: - Health (SMART, ACS-3 §7.44; General Purpose Logging, ACS-3 §7.24)

    /// SMART commands carry the key C24Fh in LBA 23:8 (LBA mid 4Fh, LBA high C2h).
    static let smartKey: UInt64 = 0xC2_4F00

    /// SMART READ DATA (B0h, feature D0h, ACS-3 §7.44.2, PIO data-in): the 512-byte SMART data
    /// structure (attribute table in the de facto SFF-8035i layout).
    public static func smartReadData() -> ATACommand {
        ATACommand(name: "SMART READ DATA", transfer: .pioIn, extend: false, feature: 0xD0, count: 1, lba: smartKey, command: 0xB0, blocks: 1)
    }

    /// SMART READ THRESHOLDS (B0h, feature D1h, PIO data-in; obsolete since ATA/ATAPI-5 in the
    /// standard, still answered by most drives): the attribute thresholds (SFF-8035i).
    public static func smartReadThresholds() -> ATACommand {
        ATACommand(name: "SMART READ THRESHOLDS", transfer: .pioIn, extend: false, feature: 0xD1, count: 1, lba: smartKey, command: 0xB0, blocks: 1)
    }

    /// SMART RETURN STATUS (B0h, feature DAh, ACS-3 §7.44.7, non-data): the drive answers in LBA
    /// mid/high: 4Fh/C2h no threshold exceeded, F4h/2Ch threshold exceeded. CK_COND so the SATL
    /// returns the registers.
    public static func smartReturnStatus() -> ATACommand {
        ATACommand(name: "SMART RETURN STATUS", transfer: .nonData, extend: false, feature: 0xDA, lba: smartKey, command: 0xB0, checkCondition: true)
    }

    /// READ LOG EXT (2Fh, ACS-3 §7.24, PIO data-in, 48-bit): `pages` 512-byte pages of log
    /// `address` from `page` (LBA 7:0 log address, LBA 15:8 and 47:32 the page number).
    public static func readLogExt(address: UInt8, page: UInt16, pages: UInt16 = 1) -> ATACommand {
        let lba = UInt64(address) | UInt64(page & 0xFF) << 8 | UInt64(page >> 8) << 32
        return ATACommand(name: "READ LOG EXT (log \(hex(address)) page \(page))", transfer: .pioIn, extend: true, count: pages, lba: lba,
                          command: 0x2F, blocks: Int(pages))
    }

    /// The 512-byte payload of the security commands: word 0 control bits, bytes 2–33 the password.
    static func securityPayload(control: UInt16, password: [UInt8], masterRevision: UInt16? = nil) -> [UInt8] {
        var p = [UInt8](repeating: 0, count: 512)
        p[0] = UInt8(control & 0xFF); p[1] = UInt8(control >> 8)
        for (i, b) in password.prefix(32).enumerated() { p[2 + i] = b }
        if let r = masterRevision { p[34] = UInt8(r & 0xFF); p[35] = UInt8(r >> 8) }
        return p
    }

    // The Security feature set commands (ACS-3 SECURITY commands, F1h–F6h) are sent with CK_COND
    // (SAT-4 ATA PASS-THROUGH(16), CDB byte 2 bit 5) so the SATL returns the ATA Status Return descriptor on success too: the
    // drive's own registers, not an inference from the SCSI status. Where a SATL returns GOOD with
    // no sense all the same (libata in some kernels), `ATAPassThroughReply` reads that as success.

    /// SECURITY SET PASSWORD (ACS-3, F1h, PIO data-out): user password, high security.
    public static func securitySetPassword(_ password: [UInt8]) -> ATACommand {
        ATACommand(name: "SECURITY SET PASSWORD", transfer: .pioOut, extend: false, count: 1, command: 0xF1, checkCondition: true,
                   blocks: 1, payload: securityPayload(control: 0, password: password))
    }

    /// SECURITY ERASE PREPARE (ACS-3, F3h, non-data): immediately before SECURITY ERASE UNIT.
    public static func securityErasePrepare() -> ATACommand {
        ATACommand(name: "SECURITY ERASE PREPARE", transfer: .nonData, extend: false, command: 0xF3, checkCondition: true)
    }

    /// SECURITY ERASE UNIT (ACS-3, F4h, PIO data-out): word 0 b0 identifier (user), b1 enhanced. Blocks
    /// for the whole erase.
    public static func securityEraseUnit(_ password: [UInt8], enhanced: Bool, timeoutMilliseconds: UInt32) -> ATACommand {
        ATACommand(name: "SECURITY ERASE UNIT", transfer: .pioOut, extend: false, count: 1, command: 0xF4, checkCondition: true, blocks: 1,
                   payload: securityPayload(control: enhanced ? 0x0002 : 0, password: password), timeoutMilliseconds: timeoutMilliseconds)
    }

    /// SECURITY DISABLE PASSWORD (ACS-3, F6h, PIO data-out); UNLOCK first if locked.
    public static func securityDisablePassword(_ password: [UInt8]) -> ATACommand {
        ATACommand(name: "SECURITY DISABLE PASSWORD", transfer: .pioOut, extend: false, count: 1, command: 0xF6, checkCondition: true,
                   blocks: 1, payload: securityPayload(control: 0, password: password))
    }

    /// SECURITY UNLOCK (ACS-3, F2h, PIO data-out).
    public static func securityUnlock(_ password: [UInt8]) -> ATACommand {
        ATACommand(name: "SECURITY UNLOCK", transfer: .pioOut, extend: false, count: 1, command: 0xF2, checkCondition: true, blocks: 1,
                   payload: securityPayload(control: 0, password: password))
    }

    /// The SCSI command that carries this ATA command.
    public var scsi: SCSICommand {
        let direction: SCSICommand.Direction
        switch transfer {
        case .nonData: direction = .none
        case .pioIn: direction = .fromDevice(blocks * 512)
        case .pioOut: direction = .toDevice(payload)
        }
        return SCSICommand(name: name, cdb: cdb, direction: direction, timeoutMilliseconds: timeoutMilliseconds)
    }
}
