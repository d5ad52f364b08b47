/// The Sanitize Status log page (NVMe Base 2.3, Log Identifier 81h): 512 bytes. SPROG (bytes 1:0),
/// SSTAT (3:2: status 2:0, overwrite passes 7:3, Global Data Erased b8), SCDW10 (7:4).
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

    /// SSTAT bit 8, Global Data Erased: nothing has been written to the NVM subsystem since the
    /// last successful sanitize (or since manufacture). Cleared by any write.
    public var globalDataErased: Bool { status & 0x0100 != 0 }

    /// The Sanitize Action (SANACT, CDW10 bits 2:0) of the sanitize the log describes.
    public var sanitizeAction: UInt32 { commandDword10 & 0x7 }

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
