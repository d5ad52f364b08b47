import Devices
import Station
import StorageModel
import Synchronization

/// Drives that come and go at locations, for console controller tests.
final class FakeBayDiscovery: BayDiscovery, Sendable {
    private let drives = Mutex<[DiscoveredDrive]>([])
    private let failures = Mutex<[String: String]>([:])
    private let summary = Mutex<String?>(nil)
    private let scanCount = Mutex(0)

    /// How many full scans were made.
    var scans: Int { scanCount.withLock { $0 } }

    /// What `presence()` answers (nil: no cheap summary, every periodic check scans).
    func setPresence(_ text: String?) { summary.withLock { $0 = text } }

    func presence() -> String? { summary.withLock { $0 } }

    func attach(_ location: String, _ descriptor: DeviceDescriptor, identificationError: String? = nil) {
        drives.withLock { $0.append(DiscoveredDrive(location: location, path: descriptor.path, descriptor: descriptor)) }
        if let identificationError { failures.withLock { $0[location] = identificationError } }
    }

    func detach(_ location: String) { drives.withLock { $0.removeAll { $0.location == location } } }

    func scan() throws -> [DiscoveredDrive] {
        scanCount.withLock { $0 += 1 }
        return drives.withLock { $0 }
    }

    func identify(_ drive: DiscoveredDrive) -> Result<DeviceDescriptor, BayIdentificationError> {
        if let e = failures.withLock({ $0[drive.location] }) { return .failure(BayIdentificationError(e)) }
        return .success(drive.descriptor)
    }
}
