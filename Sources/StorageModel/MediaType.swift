/// What kind of storage medium the device is, as far as Expunge can tell.
public enum MediaType: String, Sendable, Codable, CaseIterable {
    /// Rotating magnetic disk.
    case hdd
    /// Flash behind a SATA/SAS interface.
    case ssd
    /// Flash behind an NVMe controller.
    case nvme
    /// Removable flash: USB sticks, SD and eMMC.
    case flash
    /// A virtual device (loop, virtio, RAM disk, device mapper): no physical medium of its own.
    case virtual
    case unknown

    /// Whether the medium is flash-based, so host overwrite cannot reach spare cells (Clear only).
    public var isFlash: Bool { self == .ssd || self == .nvme || self == .flash }
}
