/// The NVMe completion status field as the Linux ioctl returns it: SC 7:0, SCT 10:8, CRD 12:11,
/// More b13, DNR b14.
public struct NVMeStatus: Hashable, Sendable, CustomStringConvertible {
    public var raw: UInt16
    public init(raw: UInt16) { self.raw = raw }

    public var statusCode: UInt8 { UInt8(raw & 0xFF) }
    public var statusCodeType: UInt8 { UInt8((raw >> 8) & 0x7) }
    public var doNotRetry: Bool { raw & 0x4000 != 0 }
    public var isSuccess: Bool { raw & 0x7FF == 0 }

    public var description: String {
        if isSuccess { return "success" }
        let text: String
        switch (statusCodeType, statusCode) {
        case (0, 0x01): text = "Invalid Command Opcode"
        case (0, 0x02): text = "Invalid Field in Command"
        case (0, 0x06): text = "Internal Error"
        case (0, 0x07): text = "Command Abort Requested"
        case (0, 0x0B): text = "Invalid Namespace or Format"
        case (0, 0x1C): text = "Sanitize Failed"
        case (0, 0x1D): text = "Sanitize In Progress"
        case (0, 0x20): text = "Namespace is Write Protected"
        case (1, 0x0A): text = "Invalid Format"
        case (1, 0x15): text = "Namespace Insufficient Capacity"
        case (1, 0x23): text = "Sanitize Prohibited While Persistent Memory Region is Enabled"
        case (2, 0x81): text = "Unrecovered Read Error"
        case (2, 0x80): text = "Write Fault"
        default: text = "status code type \(statusCodeType), status code \(hex(statusCode))"
        }
        return "\(text) (status \(hex32(UInt32(raw)).suffix(4)))\(doNotRetry ? ", do not retry" : "")"
    }

    /// The command is not implemented by the controller (unsupported, not a failure of the medium).
    public var isUnsupported: Bool { statusCodeType == 0 && (statusCode == 0x01 || statusCode == 0x02) }
}
