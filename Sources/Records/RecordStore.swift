import Evidence
import Foundation
import StorageModel

/// Filters for `expunge asset list`.
public struct AssetFilter: Sendable {
    public var status: LifecycleStatus?
    public var customer: String?
    public var category: String?
    public var inRegister: Bool?
    /// Only assets with at least one certificate issued by this station.
    public var station: String?

    public init(status: LifecycleStatus? = nil, customer: String? = nil, category: String? = nil, inRegister: Bool? = nil, station: String? = nil) {
        self.status = status
        self.customer = customer
        self.category = category
        self.inRegister = inRegister
        self.station = station
    }
}

/// An asset with its derived status, for listings.
public struct AssetOverview: Sendable, Hashable, Encodable {
    public var asset: AssetRecord
    public var status: LifecycleStatus
    public var devices: Int
    public var certificates: Int
    public var disposals: Int

    public init(asset: AssetRecord, status: LifecycleStatus, devices: Int, certificates: Int, disposals: Int) {
        self.asset = asset
        self.status = status
        self.devices = devices
        self.certificates = certificates
        self.disposals = disposals
    }

    public func encode(to encoder: any Encoder) throws {
        try asset.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(status, forKey: .status)
        try c.encode(devices, forKey: .devices)
        try c.encode(certificates, forKey: .certificates)
        try c.encode(disposals, forKey: .disposals)
    }
    enum Keys: String, CodingKey { case status, devices, certificates, disposals }
}

/// The record store: assets, and an index of the signed certificates and disposal records (the
/// signed files stay the source of truth; `rebuild` recreates the index from them). SQLite is the
/// embedded default (`RecordsSQLite`); a PostgreSQL store for multi-station depots implements the
/// same protocol. Methods are `async` because a server-backed store is; streaming bodies stay
/// synchronous and run once per row. Every conforming store passes the contract suite in
/// `Tests/RecordStoreContractTests`.
public protocol RecordStore: Sendable {
    /// Inserts new assets and updates existing ones in one transaction: all or nothing.
    /// An update changes the register fields it carries (nil: left as it is) and marks the asset
    /// as in the register; it never touches certificates or disposals. `eachRow` runs inside the
    /// transaction after every row, inserts first (progress, and the crash test seam).
    func importAssets(_ assets: [AssetRecord], updating: [AssetRecord], eachRow: (Int) throws -> Void) async throws
    /// IDs among `ids` that already exist.
    func existingAssetIDs(_ ids: [String]) async throws -> Set<String>
    /// Creates the asset if it is unknown; returns whether it was created.
    func ensureAsset(_ asset: AssetRecord) async throws -> Bool
    func asset(_ id: String) async throws -> AssetRecord?
    /// Listings; the status and the disposal count follow the records not superseded.
    func overviews(_ filter: AssetFilter) async throws -> [AssetOverview]
    /// Streams the listing in asset-ID order without holding it in memory.
    func forEachOverview(_ filter: AssetFilter, _ body: (AssetOverview) throws -> Void) async throws
    func markAwaitingDestruction(_ id: String, at: String?) async throws
    func isMarkedAwaitingDestruction(_ id: String) async throws -> Bool
    func index(certificate: CertificateIndexEntry) async throws
    func index(disposal: DisposalIndexEntry) async throws
    func certificates(assetID: String) async throws -> [CertificateIndexEntry]
    /// Every disposal record of the asset, superseded ones included (each entry keeps its
    /// `supersedes` link; `AssetLifecycle.current` filters).
    func disposals(assetID: String) async throws -> [DisposalIndexEntry]
    /// Certificates whose attempt ended in `[from, to]` (dates, inclusive), every asset.
    func certificates(endedFrom from: String, to: String) async throws -> [CertificateIndexEntry]
    /// Disposal records dated in `[from, to]`, superseded ones included (the signed documents of
    /// the period, for evidence packs).
    func disposals(from: String, to: String) async throws -> [DisposalIndexEntry]
    /// Streams, in asset/device/time order, every certificate of attempts that ended in the
    /// period with the asset's customer and latest disposal not superseded by another record:
    /// constant memory whatever the size.
    func forEachErasureEntry(endedFrom from: String, to: String,
                             _ body: (CertificateIndexEntry, _ customer: String?, _ latestDisposal: DisposalIndexEntry?) throws -> Void) async throws
    /// Streams the disposal records dated in the period that no other record supersedes, with
    /// the asset's customer (what the reports count).
    func forEachDisposal(from: String, to: String, _ body: (DisposalIndexEntry, _ customer: String?) throws -> Void) async throws
    /// The IDs of every indexed document (certificates and disposal records), to find documents
    /// in the ledger that the index is missing.
    func indexedDocumentIDs() async throws -> Set<String>
    /// Replaces the certificate and disposal index in one transaction (assets are kept; missing
    /// assets are created from the documents).
    func replaceIndex(certificates: [CertificateIndexEntry], disposals: [DisposalIndexEntry], assets: [AssetRecord]) async throws

    // MARK: Customers

    /// Inserts new customers and replaces the fields of existing ones (`updating`: legal name,
    /// country, contact, DPA reference; the migrated flag cleared, the creation time kept) in
    /// one transaction: all or nothing. A new ID already taken, or an update of an unknown ID,
    /// throws and writes nothing.
    func saveCustomers(_ customers: [CustomerRecord], updating: [CustomerRecord]) async throws
    /// Creates the customer if its ID is unknown (an existing one is never changed); returns
    /// whether it was created.
    func ensureCustomer(_ customer: CustomerRecord) async throws -> Bool
    func customer(_ id: String) async throws -> CustomerRecord?
    /// Every customer, by ID.
    func customers() async throws -> [CustomerRecord]
}

extension ExpungeHome {
    /// The embedded record store's file.
    public var recordsPath: String { root + "/records.sqlite" }
}

extension RecordStore {
    /// Inserts new assets in one transaction: all or nothing.
    public func importAssets(_ assets: [AssetRecord], eachRow: (Int) throws -> Void) async throws {
        try await importAssets(assets, updating: [], eachRow: eachRow)
    }
}
