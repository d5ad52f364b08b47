/// The seam between the purge engines and a SCSI (or SAT) device.
public protocol SCSITransport: Sendable {
    func execute(_ command: SCSICommand) throws(Errno) -> SCSIResult
}
