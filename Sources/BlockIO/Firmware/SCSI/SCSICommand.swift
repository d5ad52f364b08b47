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

    // MARK: - Health (SPC-4 LOG SENSE; SBC-3 READ DEFECT DATA)

    /// LOG SENSE (4Dh, SPC-4 §6.6): PC = 01b (cumulative values), `page`/`subpage`, from
    /// parameter 0000h, `length` bytes allocated.
    public static func logSense(page: UInt8, subpage: UInt8 = 0, length: UInt16 = 1024) -> SCSICommand {
        SCSICommand(name: "LOG SENSE (page \(hex(page)))",
                    cdb: [0x4D, 0x00, 0x40 | (page & 0x3F), subpage, 0, 0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0],
                    direction: .fromDevice(Int(length)))
    }

    /// READ DEFECT DATA(10) (37h, SBC-3 §5.12): the grown list only (REQ_GLIST, byte 2 b3), defect
    /// list format 100b (bytes from index), 4 bytes allocated: the header alone, whose length
    /// gives the number of entries.
    public static func readGrownDefectHeader10() -> SCSICommand {
        SCSICommand(name: "READ DEFECT DATA(10)", cdb: [0x37, 0, 0x08 | 0x04, 0, 0, 0, 0, 0, 4, 0], direction: .fromDevice(4))
    }

    /// READ DEFECT DATA(12) (B7h, SBC-3 §5.13): as (10), with an 8-byte header and a 32-bit length,
    /// for lists longer than (10) can report.
    public static func readGrownDefectHeader12() -> SCSICommand {
        SCSICommand(name: "READ DEFECT DATA(12)", cdb: [0xB7, 0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0], direction: .fromDevice(8))
    }
}
