import Devices
import Station
import StorageModel
import Synchronization

/// Drives that come and go at locations, for console controller tests.
final class FakeBayDiscovery: BayDiscovery, Sendable {
    private let drives = Mutex<[DiscoveredDrive]>([])
    private let failures = Mutex<[String: String]>([:])

    func attach(_ location: String, _ descriptor: DeviceDescriptor, identificationError: String? = nil) {
        drives.withLock { $0.append(DiscoveredDrive(location: location, path: descriptor.path, descriptor: descriptor)) }
        if let identificationError { failures.withLock { $0[location] = identificationError } }
    }

    func detach(_ location: String) { drives.withLock { $0.removeAll { $0.location == location } } }

    func scan() throws -> [DiscoveredDrive] { drives.withLock { $0 } }

    func identify(_ drive: DiscoveredDrive) -> Result<DeviceDescriptor, BayIdentificationError> {
        if let e = failures.withLock({ $0[drive.location] }) { return .failure(BayIdentificationError(e)) }
        return .success(drive.descriptor)
    }
}
