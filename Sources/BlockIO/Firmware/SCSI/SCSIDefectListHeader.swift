/// The header of READ DEFECT DATA (SBC-3 §5.12/§5.13): byte 1 b4 PLISTV, b3 GLISTV, b2:0 the
/// defect list format returned; the defect list length (bytes) in 3:2 for (10), 7:4 for (12).
/// Entries are 4 bytes in short block format (000b) and 8 bytes in the extended formats
/// (011b long block, 100b bytes from index, 101b physical sector); other formats are vendor
/// specific, and their entries are not counted.
public struct SCSIDefectListHeader: Hashable, Sendable {
    public var grownListValid: Bool
    public var format: UInt8
    public var lengthBytes: UInt32

    public init(_ b: [UInt8], twelveByte: Bool) throws(HealthLogDecodingError) {
        let name = "READ DEFECT DATA(\(twelveByte ? 12 : 10)) header"
        try HealthLogDecodingError.require(b, twelveByte ? 8 : 4, name)
        grownListValid = b[1] & 0x08 != 0
        format = b[1] & 0x07
        lengthBytes = twelveByte ? UInt32(Bytes.be(b[4..<8])) : UInt32(Bytes.be(b[2..<4]))
    }

    /// Entries in the grown list; nil when the list is not valid or its format has no fixed size.
    public var grownDefects: UInt64? {
        guard grownListValid else { return nil }
        let size: UInt32
        switch format {
        case 0: size = 4
        case 3, 4, 5: size = 8
        default: return nil
        }
        return UInt64(lengthBytes / size)
    }
}
