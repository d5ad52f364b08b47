import CLinux
import Dispatch
import Glibc

/// NVMe admin commands through `ioctl(fd, NVME_IOCTL_ADMIN_CMD, &nvme_passthru_cmd)`. The ioctl
/// returns 0 on success, the NVMe status field (> 0) when the controller failed the command, or
/// −1 with errno when the kernel did not deliver it.
public final class LinuxNVMeTransport: NVMeAdminTransport, @unchecked Sendable {
    private let fd: Int32
    public let path: String

    /// Opens the namespace (or controller) node read-only; admin commands need CAP_SYS_ADMIN.
    public init(path: String) throws(Errno) {
        self.path = path
        fd = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
    }

    deinit { SystemCall.close(fd) }

    /// The namespace ID of the node (`NVME_IOCTL_ID`).
    public func namespaceID() throws(Errno) -> UInt32 {
        UInt32(try SystemCall.retrying { clinux_nvme_ns_id(fd) })
    }

    public func submit(_ command: NVMeAdminCommand) throws(Errno) -> NVMeCompletion {
        var buffer = [UInt8](repeating: 0, count: Int(command.dataLength))
        var cmd = nvme_passthru_cmd()
        cmd.opcode = command.opcode
        cmd.nsid = command.nsid
        cmd.cdw10 = command.cdw10
        cmd.cdw11 = command.cdw11
        cmd.cdw12 = command.cdw12
        cmd.cdw13 = command.cdw13
        cmd.cdw14 = command.cdw14
        cmd.cdw15 = command.cdw15
        cmd.data_len = command.dataLength
        cmd.timeout_ms = command.timeoutMilliseconds
        let start = DispatchTime.now().uptimeNanoseconds
        let r: Int32 = buffer.withUnsafeMutableBytes { b in
            cmd.addr = b.baseAddress.map { UInt64(UInt(bitPattern: $0)) } ?? 0
            while true {
                let r = clinux_nvme_admin(fd, &cmd)
                if r >= 0 || errno != EINTR { return r }
            }
        }
        if r < 0 { throw Errno.current }
        return NVMeCompletion(status: NVMeStatus(raw: UInt16(truncatingIfNeeded: r)), result: cmd.result, data: buffer,
                              durationSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
