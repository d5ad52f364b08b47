import BlockIO
import Foundation
import Sanitization
import Synchronization

/// NVMe and SCSI transports that answer from a script and record what they were sent.
public final class ScriptedTransports: FirmwareTransportFactory, NVMeAdminTransport, SCSITransport, @unchecked Sendable {
    /// How the SATL reports an ATA command that succeeded (the script answers with registers).
    public enum ATASuccessReporting: Sendable, CaseIterable {
        /// As SAT specifies: the ATA Status Return descriptor when CK_COND is set, else GOOD with no sense.
        case registersWhenCheckCondition
        /// As libata does in some kernels: GOOD with no sense data, CK_COND or not.
        case noSense
    }

    public let nvmeAnswer: @Sendable (NVMeAdminCommand) -> NVMeCompletion
    public let scsiAnswer: @Sendable (SCSICommand) -> SCSIResult
    public let ataSuccess: ATASuccessReporting
    /// The namespace ID of each NVMe node path (`NVME_IOCTL_ID`); 1 for any other path.
    public let namespaces: [String: UInt32]
    private let sent = Mutex<[String]>([])

    public init(nvme: @escaping @Sendable (NVMeAdminCommand) -> NVMeCompletion = { _ in ScriptedTransports.nvmeOK() },
         scsi: @escaping @Sendable (SCSICommand) -> SCSIResult = { _ in ScriptedTransports.good() },
         ataSuccess: ATASuccessReporting = .registersWhenCheckCondition, namespaces: [String: UInt32] = [:]) {
        self.namespaces = namespaces
        nvmeAnswer = nvme
        scsiAnswer = scsi
        self.ataSuccess = ataSuccess
    }

    public var trace: [String] { sent.withLock { $0 } }

    public func nvme(_ path: String) throws(Errno) -> (any NVMeAdminTransport, namespace: UInt32) { (self, namespaces[path] ?? 1) }
    public func scsi(_ path: String) throws(Errno) -> any SCSITransport { self }
    public func submit(_ command: NVMeAdminCommand) throws(Errno) -> NVMeCompletion {
        sent.withLock { $0.append(String(format: "nvme %02X %08X", command.opcode, command.cdw10)) }
        return nvmeAnswer(command)
    }
    public func execute(_ command: SCSICommand) throws(Errno) -> SCSIResult {
        sent.withLock { $0.append(command.cdb[0] == 0x85 ? String(format: "ata %02X", command.cdb[14]) : String(format: "scsi %02X", command.cdb[0])) }
        let answer = scsiAnswer(command)
        // A success with registers (RECOVERED ERROR, 00h/1Dh, ERR clear) as the SATL would report it.
        guard command.cdb[0] == 0x85, let sense = answer.senseData, sense.senseKey == 0x01, let regs = sense.ata, !regs.failed else { return answer }
        switch ataSuccess {
        case .registersWhenCheckCondition: return command.cdb[2] & 0x20 != 0 ? answer : ScriptedTransports.good(answer.data)
        case .noSense: return ScriptedTransports.good(answer.data)
        }
    }

    public static func nvmeOK(_ data: [UInt8] = []) -> NVMeCompletion { NVMeCompletion(status: NVMeStatus(raw: 0), result: 0, data: data, durationSeconds: 0) }
    public static func nvmeStatus(_ raw: UInt16) -> NVMeCompletion { NVMeCompletion(status: NVMeStatus(raw: raw), result: 0, data: [], durationSeconds: 0) }
    public static func good(_ data: [UInt8] = []) -> SCSIResult { SCSIResult(status: 0, hostStatus: 0, driverStatus: 0, sense: [], data: data, durationSeconds: 0) }

    /// Descriptor sense with an ATA Status Return descriptor.
    public static func ataRegisters(status: UInt8, error: UInt8 = 0, count: UInt16 = 0, lba: UInt64 = 0) -> SCSIResult {
        let d: [UInt8] = [0x09, 0x0C, 0x01, error, UInt8(count >> 8), UInt8(count & 0xFF), UInt8((lba >> 24) & 0xFF), UInt8(lba & 0xFF),
                          UInt8((lba >> 32) & 0xFF), UInt8((lba >> 8) & 0xFF), UInt8((lba >> 40) & 0xFF), UInt8((lba >> 16) & 0xFF), 0x40, status]
        let key: UInt8 = status & 0x01 != 0 ? 0x0B : 0x01
        return SCSIResult(status: 0x02, hostStatus: 0, driverStatus: 0x08, sense: [0x72, key, 0x00, 0x1D, 0, 0, 0, UInt8(d.count)] + d, data: [], durationSeconds: 0)
    }
}

/// A clock whose sleeps advance time instantly.
public final class InstantClock: WipeClock, @unchecked Sendable {
    private let nanos = Mutex<UInt64>(0)
    public init() {}
    public func now() -> Date { Date(timeIntervalSince1970: 1_800_000_000 + Double(nanos.withLock { $0 }) / 1e9) }
    public func uptimeNanoseconds() -> UInt64 { nanos.withLock { $0 } }
    public func sleep(seconds: Double) { nanos.withLock { $0 += UInt64(seconds * 1e9) } }
}
