import CLinux
import Dispatch
import Glibc

/// SCSI commands through `ioctl(fd, SG_IO, &sg_io_hdr)` on a block device (sd) node. Arbitrary
/// CDBs such as ATA PASS-THROUGH need CAP_SYS_RAWIO.
public final class LinuxSGIOTransport: SCSITransport, @unchecked Sendable {
    private let fd: Int32
    public let path: String

    public init(path: String) throws(Errno) {
        self.path = path
        fd = try SystemCall.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    }

    deinit { SystemCall.close(fd) }

    public func execute(_ command: SCSICommand) throws(Errno) -> SCSIResult {
        var cdb = command.cdb
        var sense = [UInt8](repeating: 0, count: 64)
        var data: [UInt8]
        var direction: Int32
        switch command.direction {
        case .none: data = []; direction = SG_DXFER_NONE
        case .fromDevice(let n): data = [UInt8](repeating: 0, count: n); direction = SG_DXFER_FROM_DEV
        case .toDevice(let payload): data = payload; direction = SG_DXFER_TO_DEV
        }
        var hdr = sg_io_hdr_t()
        hdr.interface_id = Int32(UInt8(ascii: "S"))
        hdr.dxfer_direction = direction
        hdr.cmd_len = UInt8(cdb.count)
        hdr.mx_sb_len = UInt8(sense.count)
        hdr.dxfer_len = UInt32(data.count)
        hdr.timeout = command.timeoutMilliseconds
        let start = DispatchTime.now().uptimeNanoseconds
        let r: Int32 = cdb.withUnsafeMutableBytes { c in
            sense.withUnsafeMutableBytes { s in
                data.withUnsafeMutableBytes { d in
                    hdr.cmdp = c.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    hdr.sbp = s.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    hdr.dxferp = d.baseAddress
                    while true {
                        let r = clinux_sg_io(fd, &hdr)
                        if r >= 0 || errno != EINTR { return r }
                    }
                }
            }
        }
        if r < 0 { throw Errno.current }
        return SCSIResult(status: hdr.status, hostStatus: hdr.host_status, driverStatus: hdr.driver_status,
                          sense: Array(sense.prefix(Int(hdr.sb_len_wr))), data: data,
                          durationSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
