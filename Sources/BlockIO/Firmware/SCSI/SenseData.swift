/// Decoded SCSI sense data, fixed (70h/71h) or descriptor (72h/73h) format (SPC-5 §4.4).
public struct SenseData: Hashable, Sendable, CustomStringConvertible {
    public var descriptorFormat: Bool
    public var senseKey: UInt8
    public var asc: UInt8
    public var ascq: UInt8
    /// Progress indication 0–65535 (SKSV), for operations in progress.
    public var progress: UInt16?
    /// ATA registers from an ATA Status Return descriptor (09h) or the fixed-format fields.
    public var ata: ATARegisters?

    public init?(_ b: [UInt8]) {
        guard b.count >= 8 else { return nil }
        let code = b[0] & 0x7F
        switch code {
        case 0x72, 0x73:
            descriptorFormat = true
            senseKey = b[1] & 0x0F
            asc = b[2]
            ascq = b[3]
            let total = min(b.count, 8 + Int(b[7]))
            var i = 8
            while i + 1 < total {
                let type = b[i], length = Int(b[i + 1])
                let d = Array(b[i..<min(total, i + 2 + length)])
                if type == 0x09, d.count >= 14 {
                    let ext = d[2] & 1 != 0
                    ata = ATARegisters(error: d[3], status: d[13], device: d[12], count: UInt16(d[4]) << 8 | UInt16(d[5]),
                                       lba: UInt64(d[10]) << 40 | UInt64(d[8]) << 32 | UInt64(d[6]) << 24 | UInt64(d[11]) << 16 | UInt64(d[9]) << 8 | UInt64(d[7]),
                                       complete: ext)
                }
                if type == 0x02, d.count >= 8, d[4] & 0x80 != 0 { progress = UInt16(d[5]) << 8 | UInt16(d[6]) }
                if type == 0x0A, d.count >= 8 { progress = UInt16(d[6]) << 8 | UInt16(d[7]) }
                i += 2 + length
            }
        case 0x70, 0x71:
            descriptorFormat = false
            guard b.count >= 14 else { return nil }
            senseKey = b[2] & 0x0F
            asc = b[12]
            ascq = b[13]
            if b.count >= 18, b[15] & 0x80 != 0 { progress = UInt16(b[16]) << 8 | UInt16(b[17]) }
            // SAT fixed format carries ATA registers only with ASC/ASCQ 00h/1Dh (ATA PASS-THROUGH
            // INFORMATION AVAILABLE): bytes 3–6 ERROR, STATUS, DEVICE, COUNT 7:0; 9–11 LBA 7:0..23:16.
            // Otherwise those bytes are the INFORMATION field and must not be read as registers.
            if asc == 0x00 && ascq == 0x1D {
                ata = ATARegisters(error: b[3], status: b[4], device: b[5], count: UInt16(b[6]),
                                   lba: b.count >= 12 ? UInt64(b[11]) << 16 | UInt64(b[10]) << 8 | UInt64(b[9]) : 0, complete: false)
            }
        default:
            return nil
        }
    }

    /// ABORTED COMMAND (0Bh): for ATA PASS-THROUGH, the drive aborted the command.
    public var isAbortedCommand: Bool { senseKey == 0x0B }
    /// Sense that reports an error (anything but NO SENSE / RECOVERED ERROR / COMPLETED).
    public var reportsError: Bool { !(senseKey == 0x00 || senseKey == 0x01 || senseKey == 0x0F) }

    /// 05h/20h/00h: INVALID COMMAND OPERATION CODE; 05h/24h: INVALID FIELD IN CDB.
    public var isUnsupportedCommand: Bool { senseKey == 0x05 && (asc == 0x20 || asc == 0x24) }
    /// 02h/04h/1Bh: LOGICAL UNIT NOT READY, SANITIZE IN PROGRESS.
    public var sanitizeInProgress: Bool { senseKey == 0x02 && asc == 0x04 && ascq == 0x1B }
    /// 31h/03h: SANITIZE COMMAND FAILED.
    public var sanitizeFailed: Bool { asc == 0x31 && ascq == 0x03 }

    public var description: String {
        let keys = ["NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION",
                    "DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND", "RESERVED", "VOLUME OVERFLOW",
                    "MISCOMPARE", "COMPLETED"]
        var text = "\(keys[Int(senseKey)]) ASC/ASCQ \(hex(asc))/\(hex(ascq))"
        if isUnsupportedCommand { text += asc == 0x20 ? " (invalid command operation code)" : " (invalid field in CDB)" }
        if sanitizeInProgress { text += " (sanitize in progress)" }
        if sanitizeFailed { text += " (sanitize command failed)" }
        return text
    }
}
