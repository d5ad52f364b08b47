/// The seam between the purge engines and an NVMe controller.
public protocol NVMeAdminTransport: Sendable {
    /// Submits `command`; throws the `Errno` if the ioctl itself failed (not NVMe, no permission).
    func submit(_ command: NVMeAdminCommand) throws(Errno) -> NVMeCompletion
}
