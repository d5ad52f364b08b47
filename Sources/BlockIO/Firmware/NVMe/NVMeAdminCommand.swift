/// An NVMe admin command (NVMe Base 2.x), as sent through `NVME_IOCTL_ADMIN_CMD`. Only reads from
/// the device or non-data commands: Expunge never sends data to a controller.
public struct NVMeAdminCommand: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var opcode: UInt8
    public var nsid: UInt32
    public var cdw10: UInt32 = 0
    public var cdw11: UInt32 = 0
    public var cdw12: UInt32 = 0
    public var cdw13: UInt32 = 0
    public var cdw14: UInt32 = 0
    public var cdw15: UInt32 = 0
    /// Bytes the controller returns (0: no data).
    public var dataLength: UInt32 = 0
    /// 0 = the driver's default.
    public var timeoutMilliseconds: UInt32 = 0

    public enum SecureEraseSetting: UInt32, Sendable {
        case none = 0, userDataErase = 1, cryptographicErase = 2
    }

    public enum SanitizeAction: UInt32, Sendable {
        case exitFailureMode = 1, blockErase = 2, overwrite = 3, cryptoErase = 4
    }

    /// Identify Controller: opcode 06h, CNS 01h, NSID 0, 4,096 bytes.
    public static func identifyController() -> NVMeAdminCommand {
        NVMeAdminCommand(name: "Identify Controller", opcode: 0x06, nsid: 0, cdw10: 0x01, dataLength: 4096)
    }

    /// Identify Namespace: opcode 06h, CNS 00h, 4,096 bytes.
    public static func identifyNamespace(_ nsid: UInt32) -> NVMeAdminCommand {
        NVMeAdminCommand(name: "Identify Namespace", opcode: 0x06, nsid: nsid, cdw10: 0x00, dataLength: 4096)
    }

    /// Identify, Active Namespace ID list: opcode 06h, CNS 02h, 4,096 bytes: up to 1,024 active
    /// namespace IDs greater than `nsid`, ascending, zero-terminated.
    public static func activeNamespaceList(after nsid: UInt32 = 0) -> NVMeAdminCommand {
        NVMeAdminCommand(name: "Identify (Active Namespace ID list)", opcode: 0x06, nsid: nsid, cdw10: 0x02, dataLength: 4096)
    }

    /// Format NVM (80h): CDW10 LBAFL 3:0, SES 11:9, LBAFU 13:12; metadata/PI settings 0.
    /// 600 s timeout, as nvme-cli.
    public static func formatNVM(nsid: UInt32, lbaFormat: UInt8, secureErase: SecureEraseSetting) -> NVMeAdminCommand {
        let low = UInt32(lbaFormat & 0x0F), high = UInt32(lbaFormat >> 4) & 0x3
        return NVMeAdminCommand(name: "Format NVM", opcode: 0x80, nsid: nsid,
                                cdw10: low | (secureErase.rawValue << 9) | (high << 12), timeoutMilliseconds: 600_000)
    }

    /// Sanitize (84h), NSID 0 (the whole NVM subsystem). CDW10: SANACT 2:0, AUSE b3, OWPASS 7:4,
    /// OIPBP b8, NDAS b9; CDW11: overwrite pattern.
    public static func sanitize(_ action: SanitizeAction, allowUnrestrictedExit: Bool = false, overwritePasses: UInt8 = 1,
                                invertBetweenPasses: Bool = false, noDeallocate: Bool = false, pattern: UInt32 = 0) -> NVMeAdminCommand {
        var cdw10 = action.rawValue
        if allowUnrestrictedExit { cdw10 |= 1 << 3 }
        if action == .overwrite { cdw10 |= UInt32(overwritePasses & 0x0F) << 4 }
        if invertBetweenPasses { cdw10 |= 1 << 8 }
        if noDeallocate { cdw10 |= 1 << 9 }
        return NVMeAdminCommand(name: "Sanitize", opcode: 0x84, nsid: 0, cdw10: cdw10, cdw11: action == .overwrite ? pattern : 0)
    }

    /// Get Log Page (02h) for the Sanitize Status log (81h), 512 bytes: NUMDL = 127.
    public static func sanitizeStatusLog() -> NVMeAdminCommand {
        NVMeAdminCommand(name: "Get Log Page (Sanitize Status)", opcode: 0x02, nsid: 0xFFFF_FFFF, cdw10: (127 << 16) | 0x81, dataLength: 512)
    }

    /// Get Log Page (02h) for the SMART / Health Information log (02h), controller-wide (NSID
    /// FFFFFFFFh), 512 bytes: CDW10 NUMDL = 127 (0-based dwords), LID = 02h (NVMe Base 2.0c
    /// §5.16, §5.16.1.3).
    public static func smartHealthLog() -> NVMeAdminCommand {
        NVMeAdminCommand(name: "Get Log Page (SMART / Health Information)", opcode: 0x02, nsid: 0xFFFF_FFFF, cdw10: (127 << 16) | 0x02,
                         dataLength: 512)
    }

    /// The 72-byte `struct nvme_passthru_cmd` (linux/nvme_ioctl.h, little-endian) with `addr`.
    public func passthroughBytes(address: UInt64 = 0) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 72)
        func put32(_ v: UInt32, _ at: Int) { for i in 0..<4 { b[at + i] = UInt8((v >> (8 * UInt32(i))) & 0xFF) } }
        func put64(_ v: UInt64, _ at: Int) { for i in 0..<8 { b[at + i] = UInt8((v >> (8 * UInt64(i))) & 0xFF) } }
        b[0] = opcode
        put32(nsid, 4)
        put64(address, 24)
        put32(dataLength, 36)
        for (i, v) in [cdw10, cdw11, cdw12, cdw13, cdw14, cdw15].enumerated() { put32(v, 40 + 4 * i) }
        put32(timeoutMilliseconds, 64)
        return b
    }

    public var description: String {
        var parts = ["\(name): opcode \(hex(opcode)) nsid \(hex32(nsid)) cdw10 \(hex32(cdw10))"]
        if cdw11 != 0 { parts.append("cdw11 \(hex32(cdw11))") }
        if dataLength > 0 { parts.append("data \(dataLength) bytes in") }
        switch opcode {
        case 0x80:
            let ses = (cdw10 >> 9) & 0x7
            parts.append("(LBAF \((cdw10 & 0xF) | ((cdw10 >> 12) & 0x3) << 4), SES \(ses) = \(ses == 1 ? "user data erase" : ses == 2 ? "cryptographic erase" : ses == 0 ? "no secure erase" : "reserved"))")
        case 0x84:
            let act = cdw10 & 0x7
            let name = [1: "exit failure mode", 2: "block erase", 3: "overwrite", 4: "crypto erase"][Int(act)] ?? "reserved"
            parts.append("(SANACT \(act) = \(name), AUSE \((cdw10 >> 3) & 1), OWPASS \((cdw10 >> 4) & 0xF), OIPBP \((cdw10 >> 8) & 1), NDAS \((cdw10 >> 9) & 1))")
        default: break
        }
        return parts.joined(separator: " ")
    }
}
