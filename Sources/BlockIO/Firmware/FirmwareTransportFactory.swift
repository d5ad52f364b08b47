/// Opens the firmware transports of a device node: the seam between the purge engines and the
/// kernel. `LinuxFirmwareTransports` opens the real ioctl transports; tests pass scripted ones.
public protocol FirmwareTransportFactory: Sendable {
    /// The NVMe admin transport of a namespace node, and the node's namespace ID.
    func nvme(_ path: String) throws(Errno) -> (any NVMeAdminTransport, namespace: UInt32)
    /// The SG_IO transport of a SCSI (or SAT-attached ATA) disk node.
    func scsi(_ path: String) throws(Errno) -> any SCSITransport
}
