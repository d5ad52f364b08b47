import Records
import StorageModel

/// The depot's register, as a station joined to a depot sees it (`GET /api/v1/assets/{id}`,
/// implemented by DepotClient): the authority for asset lookups while it answers, with the
/// station's own record store as the offline copy.
public protocol RemoteRegister: Sendable {
    /// The depot's entry for `assetID`, nil when the depot does not know it; throws when the
    /// depot cannot be asked (offline, refused).
    func lookUp(_ assetID: String) async throws -> RemoteAsset?
}

/// What the depot knows about an asset.
public struct RemoteAsset: Sendable, Hashable {
    /// The register entry (as imported at the depot, or created by a certificate there).
    public var record: AssetRecord
    /// Its lifecycle status at the depot (`LifecycleStatus` words).
    public var status: String

    public init(record: AssetRecord, status: String) {
        self.record = record
        self.status = status
    }
}
