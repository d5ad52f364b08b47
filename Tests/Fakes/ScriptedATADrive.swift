import BlockIO
import Synchronization

/// An ATA drive behind a SATL, scripted: IDENTIFY DEVICE, READ NATIVE MAX ADDRESS EXT, DEVICE
/// CONFIGURATION IDENTIFY and SET MAX ADDRESS EXT, with a Host Protected Area (accessible below
/// native) and a Device Configuration Overlay (native below the DCO maximum). Anything else is
/// aborted; a non-ATA CDB is an invalid opcode.
public final class ScriptedATADrive: @unchecked Sendable {
    private let accessible: Mutex<UInt64>
    /// nil: no HPA feature set.
    public let nativeMaxLBA: UInt64?
    /// nil: no DCO feature set.
    public let dcoMaxLBA: UInt64?
    public let refusesSetMax: Bool

    public init(accessibleSectors: UInt64, nativeMaxLBA: UInt64?, dcoMaxLBA: UInt64? = nil, refusesSetMax: Bool = false) {
        accessible = Mutex(accessibleSectors)
        self.nativeMaxLBA = nativeMaxLBA
        self.dcoMaxLBA = dcoMaxLBA
        self.refusesSetMax = refusesSetMax
    }

    public var accessibleSectors: UInt64 { accessible.withLock { $0 } }

    /// Scripted transports that answer as this drive (and record the trace).
    public func transports(nvme: @escaping @Sendable (NVMeAdminCommand) -> NVMeCompletion = { _ in ScriptedTransports.nvmeStatus(0x4001) }) -> ScriptedTransports {
        ScriptedTransports(nvme: nvme, scsi: { [self] in answer($0) })
    }

    public static let invalidOpcode = SCSIResult(status: 0x02, hostStatus: 0, driverStatus: 0x08,
                                                 sense: [0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0x00, 0, 0, 0, 0], data: [], durationSeconds: 0)

    public func identify() -> [UInt8] {
        var w = [UInt16](repeating: 0, count: 256)
        let sectors = accessibleSectors
        w[60] = UInt16(min(sectors, 0x0FFF_FFFF) & 0xFFFF); w[61] = UInt16(min(sectors, 0x0FFF_FFFF) >> 16)
        for i in 0..<4 { w[100 + i] = UInt16((sectors >> (16 * UInt64(i))) & 0xFFFF) }
        w[83] = 0x4000 | 0x0400 | (dcoMaxLBA != nil ? 0x0800 : 0)
        if let native = nativeMaxLBA {
            w[82] = 0x0400
            if sectors - 1 < native { w[85] = 0x0400 }
        }
        return w.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    public func answer(_ cmd: SCSICommand) -> SCSIResult {
        let c = cmd.cdb
        guard c[0] == 0x85 else { return Self.invalidOpcode }
        let aborted = ScriptedTransports.ataRegisters(status: 0x51, error: 0x04)
        switch c[14] {
        case 0xEC: return ScriptedTransports.good(identify())
        case 0x27:
            guard let native = nativeMaxLBA else { return aborted }
            return ScriptedTransports.ataRegisters(status: 0x50, lba: native)
        case 0xB1 where c[4] == 0xC2:
            guard let dco = dcoMaxLBA else { return aborted }
            return ScriptedTransports.good(ATADeviceConfiguration.data(maximumLBA: dco))
        case 0x37:
            guard !refusesSetMax, let native = nativeMaxLBA else { return aborted }
            let lba = UInt64(c[8]) | UInt64(c[10]) << 8 | UInt64(c[12]) << 16 | UInt64(c[7]) << 24 | UInt64(c[9]) << 32 | UInt64(c[11]) << 40
            guard lba <= native else { return aborted }
            accessible.withLock { $0 = lba + 1 }
            return ScriptedTransports.ataRegisters(status: 0x50, lba: lba)
        default:
            return aborted
        }
    }
}
