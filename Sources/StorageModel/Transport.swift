/// How a block device is attached. Raw values are the words used on the command line and in JSON.
public enum Transport: String, Sendable, Codable, CaseIterable {
    case sata
    case ata
    case nvme
    case scsi
    case sas
    case usb
    case virtio
    case mmc
    case loop
    case ram
    case zram
    case deviceMapper = "device-mapper"
    case md
    case unknown
}
