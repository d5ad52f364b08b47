import DepotAPI
import Foundation
import Records
import StorageModel

/// `GET /api/v1/assets/{id}`: the depot's register entry for an asset, its lifecycle status and
/// the certificates the depot holds for it, from the depot's record store.
public struct AssetLookup: Sendable {
    public let store: any RecordStore

    public init(store: any RecordStore) { self.store = store }

    public func answer(_ id: String) async throws -> AssetAnswer {
        guard AssetRecord.isValidID(id) else {
            throw DepotRejection(.malformed, code: "invalid-asset-id", "the asset ID is not 1–128 printable ASCII characters without spaces",
                                 remedy: "use the asset tag as `expunge wipe --asset` takes it")
        }
        guard let asset = try await store.asset(id) else {
            throw DepotRejection(.notFound, code: "unknown-asset", "the depot has no asset \(id)",
                                 remedy: "import the register at the depot, or wipe with the asset tag: a certificate creates the asset")
        }
        let certificates = try await store.certificates(assetID: id)
        let disposals = try await store.disposals(assetID: id)
        let status = AssetLifecycle.status(certificates: certificates, disposals: disposals,
                                           markedAwaitingDestruction: try await store.isMarkedAwaitingDestruction(id))
        return AssetAnswer(
            assetID: asset.assetID, inRegister: asset.inRegister, serial: asset.serial, manufacturer: asset.manufacturer, model: asset.model,
            category: asset.category, customer: asset.customer, status: status.rawValue,
            certificates: certificates.sorted { ($0.endedAt, $0.certificateID) < ($1.endedAt, $1.certificateID) }.map {
                AssetAnswer.Certificate(certificateID: $0.certificateID, station: $0.station, result: $0.result.rawValue, level: $0.level.rawValue,
                                        deviceSerial: $0.deviceSerial, endedAt: $0.endedAt)
            },
            disposals: AssetLifecycle.current(disposals).count)
    }
}
