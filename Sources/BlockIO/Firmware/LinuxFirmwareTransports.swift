/// The kernel's transports: `NVME_IOCTL_ADMIN_CMD` (`LinuxNVMeTransport`) and `SG_IO`
/// (`LinuxSGIOTransport`).
public struct LinuxFirmwareTransports: FirmwareTransportFactory {
    public init() {}

    public func nvme(_ path: String) throws(Errno) -> (any NVMeAdminTransport, namespace: UInt32) {
        let t = try LinuxNVMeTransport(path: path)
        return (t, try t.namespaceID())
    }

    public func scsi(_ path: String) throws(Errno) -> any SCSITransport { try LinuxSGIOTransport(path: path) }
}
