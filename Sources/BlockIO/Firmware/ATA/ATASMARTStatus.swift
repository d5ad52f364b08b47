/// The answer to SMART RETURN STATUS (ACS-3 §7.44.7), read from the LBA mid/high registers the
/// SATL returned: 4Fh/C2h no threshold exceeded, F4h/2Ch a threshold exceeded. Anything else, or
/// no registers, is not an answer and is reported as such (never as passed).
public enum ATASMARTStatus: Hashable, Sendable {
    case passed
    case thresholdExceeded
    /// The registers returned hold neither signature (LBA mid, LBA high).
    case unrecognized(mid: UInt8, high: UInt8)

    /// nil when the reply carries no registers (a SATL that answers GOOD without sense).
    public init?(_ registers: ATARegisters?) {
        guard let r = registers else { return nil }
        let mid = UInt8((r.lba >> 8) & 0xFF), high = UInt8((r.lba >> 16) & 0xFF)
        switch (mid, high) {
        case (0x4F, 0xC2): self = .passed
        case (0xF4, 0x2C): self = .thresholdExceeded
        default: self = .unrecognized(mid: mid, high: high)
        }
    }
}
