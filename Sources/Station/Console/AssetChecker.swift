import Foundation
import Records
import StorageModel

/// Looks an entered asset tag up in the register and finds what needs a second confirmation:
/// not in the register, already disposed or released, the drive's serial certified under another
/// asset, another customer than the session's.
///
/// When the station is joined to a depot (`remote`), the depot's register is asked first and is
/// the authority; its answer is kept in the station's record store, which is the copy used when
/// the depot cannot be reached (and then the lookup says so: `depot-unreachable`).
public struct AssetChecker: Sendable {
    public let store: any RecordStore
    /// The customer this session works for (`--customer`), if one was given.
    public let expectedCustomer: String?
    /// The depot's register, when joined.
    public let remote: (any RemoteRegister)?

    public init(store: any RecordStore, expectedCustomer: String? = nil, remote: (any RemoteRegister)? = nil) {
        self.store = store
        self.expectedCustomer = expectedCustomer
        self.remote = remote
    }

    /// Statuses after which an asset should not come back to a wipe bay.
    static let gone: Set<LifecycleStatus> = [.redeployed, .resold, .donated, .recycled, .destroyed]

    public func check(tag: String, serial: String?) async -> BayAsset {
        var asset = BayAsset(tag: tag)
        // The depot first, when joined: its answer decides and is cached locally.
        var remoteAnswer: RemoteAsset??
        if let remote {
            do {
                let answer = try await remote.lookUp(tag)
                remoteAnswer = .some(answer)
                if let answer { try? await cache(answer.record) }
            } catch {
                asset.warnings.append(.depotUnreachable((error as? any OperatorError)?.message ?? "\(error)"))
            }
        }
        do {
            let record: AssetRecord?
            let status: LifecycleStatus
            if case .some(let answer) = remoteAnswer {
                record = answer?.record
                status = answer.flatMap { LifecycleStatus(rawValue: $0.status) } ?? .recovered
            } else {
                record = try await store.asset(tag)
                status = AssetLifecycle.status(certificates: try await store.certificates(assetID: tag), disposals: try await store.disposals(assetID: tag),
                                               markedAwaitingDestruction: try await store.isMarkedAwaitingDestruction(tag))
            }
            asset.customer = record?.customer
            asset.model = record?.model
            asset.category = record?.category
            if record?.inRegister != true { asset.warnings.append(.notInRegister) }
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

    /// Keeps the depot's answer in the station's store, the copy used offline: a register entry
    /// is imported (or updated; fields the depot does not send are left as they are), an asset
    /// the depot knows only from certificates is created if missing, never marked as registered.
    func cache(_ record: AssetRecord) async throws {
        if record.inRegister {
            let exists = try await store.existingAssetIDs([record.assetID]).contains(record.assetID)
            try await store.importAssets(exists ? [] : [record], updating: exists ? [record] : [], eachRow: { _ in })
        } else {
            _ = try await store.ensureAsset(record)
        }
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
