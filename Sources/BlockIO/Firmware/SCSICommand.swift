/// A SCSI command as sent through SG_IO.
public struct SCSICommand: Hashable, Sendable, CustomStringConvertible {
    public enum Direction: Hashable, Sendable {
        case none
        case fromDevice(Int)
        case toDevice([UInt8])
    }

    public var name: String
    public var cdb: [UInt8]
    public var direction: Direction
    public var timeoutMilliseconds: UInt32

    public init(name: String, cdb: [UInt8], direction: Direction, timeoutMilliseconds: UInt32 = 60_000) {
        self.name = name
        self.cdb = cdb
        self.direction = direction
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var description: String {
        "\(name): CDB " + cdb.map { String($0, radix: 16, uppercase: true).leftPad(2) }.joined(separator: " ")
    }

    public static func testUnitReady() -> SCSICommand { SCSICommand(name: "TEST UNIT READY", cdb: [0, 0, 0, 0, 0, 0], direction: .none) }

    public static func inquiry(vpdPage: UInt8? = nil, length: UInt16 = 252) -> SCSICommand {
        SCSICommand(name: vpdPage.map { "INQUIRY VPD \(hex($0))" } ?? "INQUIRY",
                    cdb: [0x12, vpdPage == nil ? 0 : 1, vpdPage ?? 0, UInt8(length >> 8), UInt8(length & 0xFF), 0],
                    direction: .fromDevice(Int(length)))
    }

    public static func readCapacity16() -> SCSICommand {
        SCSICommand(name: "READ CAPACITY(16)", cdb: [0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0], direction: .fromDevice(32))
    }

    /// REPORT SUPPORTED OPERATION CODES (A3h/0Ch), one command: reporting option 011b (opcode + SA).
    public static func reportSupportedOperationCode(_ opcode: UInt8, serviceAction: UInt16) -> SCSICommand {
        SCSICommand(name: "REPORT SUPPORTED OPERATION CODES", cdb: [0xA3, 0x0C, 0x03, opcode, UInt8(serviceAction >> 8), UInt8(serviceAction & 0xFF),
                                                                   0, 0, 0x02, 0x00, 0, 0], direction: .fromDevice(512))
    }

    public enum SanitizeServiceAction: UInt8, Sendable {
        case overwrite = 0x01, blockErase = 0x02, cryptoErase = 0x03, exitFailureMode = 0x1F
    }

    /// SANITIZE (48h) with IMMED. Overwrite sends an 8-byte parameter list: count, pattern length
    /// 4, the 4-byte pattern.
    public static func sanitize(_ action: SanitizeServiceAction, pattern: UInt32 = 0, passes: UInt8 = 1, invert: Bool = false) -> SCSICommand {
        // IMMED for the erasing actions (progress is polled with REQUEST SENSE); not for exit.
        var cdb: [UInt8] = [0x48, (action == .exitFailureMode ? 0 : 0x80) | action.rawValue, 0, 0, 0, 0, 0, 0, 0, 0]
        var direction = SCSICommand.Direction.none
        if action == .overwrite {
            cdb[8] = 8
            let params: [UInt8] = [(invert ? 0x80 : 0) | (passes & 0x1F), 0, 0, 4,
                                   UInt8(pattern >> 24), UInt8((pattern >> 16) & 0xFF), UInt8((pattern >> 8) & 0xFF), UInt8(pattern & 0xFF)]
            direction = .toDevice(params)
        }
        return SCSICommand(name: "SANITIZE", cdb: cdb, direction: direction)
    }

    /// REQUEST SENSE (03h), descriptor format, 252 bytes: progress of a SANITIZE with IMMED.
    public static func requestSense() -> SCSICommand {
        SCSICommand(name: "REQUEST SENSE", cdb: [0x03, 0x01, 0, 0, 252, 0], direction: .fromDevice(252))
    }
}

/// What SG_IO reported for a command.
public struct SCSIResult: Sendable {
    public var status: UInt8
    public var hostStatus: UInt16
    public var driverStatus: UInt16
    public var sense: [UInt8]
    public var data: [UInt8]
    public var durationSeconds: Double

    public init(status: UInt8, hostStatus: UInt16, driverStatus: UInt16, sense: [UInt8], data: [UInt8], durationSeconds: Double) {
        self.status = status
        self.hostStatus = hostStatus
        self.driverStatus = driverStatus
        self.sense = sense
        self.data = data
        self.durationSeconds = durationSeconds
    }

    public var senseData: SenseData? { SenseData(sense) }
    /// A transport problem (host or driver), not an answer from the device.
    public var transportFailed: Bool { hostStatus != 0 || (driverStatus & 0x0F) != 0 && (driverStatus & 0x08) == 0 }
    public var isGood: Bool { status == 0 && !transportFailed }
}

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

/// The seam between the purge engines and a SCSI (or SAT) device.
public protocol SCSITransport: Sendable {
    func execute(_ command: SCSICommand) throws(Errno) -> SCSIResult
}
