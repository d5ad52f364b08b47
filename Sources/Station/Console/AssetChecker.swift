import Foundation
import Records
import StorageModel

/// Looks an entered asset tag up in the register and finds what needs a second confirmation:
/// not in the register, already disposed or released, the drive's serial certified under another
/// asset, another customer than the session's.
public struct AssetChecker: Sendable {
    public let store: any RecordStore
    /// The customer this session works for (`--customer`), if one was given.
    public let expectedCustomer: String?

    public init(store: any RecordStore, expectedCustomer: String? = nil) {
        self.store = store
        self.expectedCustomer = expectedCustomer
    }

    /// Statuses after which an asset should not come back to a wipe bay.
    static let gone: Set<LifecycleStatus> = [.redeployed, .resold, .donated, .recycled, .destroyed]

    public func check(tag: String, serial: String?) async -> BayAsset {
        var asset = BayAsset(tag: tag)
        do {
            let record = try await store.asset(tag)
            asset.customer = record?.customer
            asset.model = record?.model
            asset.category = record?.category
            if record?.inRegister != true { asset.warnings.append(.notInRegister) }
            let certificates = try await store.certificates(assetID: tag)
            let status = AssetLifecycle.status(certificates: certificates, disposals: try await store.disposals(assetID: tag),
                                               markedAwaitingDestruction: try await store.isMarkedAwaitingDestruction(tag))
            if Self.gone.contains(status) { asset.warnings.append(.alreadyDisposed(status: status.rawValue)) }
            if let serial, !serial.isEmpty {
                let all = try await store.certificates(endedFrom: "0000-01-01", to: "9999-12-31")
                if let other = all.first(where: { $0.deviceSerial == serial && $0.assetID != tag }) {
                    asset.warnings.append(.serialCertifiedUnderOtherAsset(serial: serial, asset: other.assetID))
                }
            }
            if let expected = expectedCustomer, let found = record?.customer, found != expected {
                asset.warnings.append(.customerMismatch(expected: expected, found: found))
            }
        } catch {
            asset.warnings.append(.registerUnavailable((error as? any OperatorError)?.message ?? "\(error)"))
        }
        return asset
    }

    /// The register asset whose serial is the drive's (`--asset-from-serial`), checked like an
    /// entered tag; nil when none (or several) match.
    public func asset(forSerial serial: String) async -> BayAsset? {
        guard !serial.isEmpty, let overviews = try? await store.overviews(AssetFilter(inRegister: true)) else { return nil }
        let matches = overviews.filter { $0.asset.serial == serial }
        guard matches.count == 1 else { return nil }
        return await check(tag: matches[0].asset.assetID, serial: serial)
    }
}
