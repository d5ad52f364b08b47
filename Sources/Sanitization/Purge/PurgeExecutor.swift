import StorageModel
import BlockIO

/// Sends one interface's purge command sequence and waits for the drive's own verdict. One
/// implementation per protocol: `NVMePurgeExecutor`, `ATAPurgeExecutor`, `SCSIPurgeExecutor`.
/// Canaries, hidden areas and the final verdict belong to `FirmwarePurgeJob`.
protocol PurgeExecutor {
    /// Throws when a command could not be delivered at all (the ioctl failed).
    func execute(_ context: PurgeContext) throws(Errno) -> PurgeCommandOutcome
}

extension PurgeTechnique.Interface {
    /// The executor for this interface's commands.
    var executor: any PurgeExecutor {
        switch self {
        case .nvme: NVMePurgeExecutor()
        case .ata: ATAPurgeExecutor()
        case .scsi: SCSIPurgeExecutor()
        }
    }
}
