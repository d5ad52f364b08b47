/// ATA output registers, from an ATA Status Return sense descriptor (09h) or fixed-format sense.
public struct ATARegisters: Hashable, Sendable {
    public var error: UInt8
    public var status: UInt8
    public var device: UInt8
    public var count: UInt16
    public var lba: UInt64
    /// Whether the upper bytes (COUNT 15:8, LBA 47:24) are known (descriptor format with EXTEND).
    public var complete: Bool

    public init(error: UInt8, status: UInt8, device: UInt8, count: UInt16, lba: UInt64, complete: Bool) {
        self.error = error
        self.status = status
        self.device = device
        self.count = count
        self.lba = lba
        self.complete = complete
    }

    /// ERR (b0) or DRQ (b3) set: the drive refused or failed the command.
    public var failed: Bool { status & 0x01 != 0 || status & 0x08 != 0 }
    /// ABRT in the error register: command aborted (unsupported, or refused in this state).
    public var aborted: Bool { error & 0x04 != 0 }
}
