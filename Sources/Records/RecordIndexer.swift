import Evidence
import Foundation
import StorageModel

/// Rebuilds the record store's index from the signed documents in the ledger (`expunge records
/// rebuild`): the files are the source of truth, the database a convenience.
public struct RecordIndexer: Sendable {
    public let ledgerDirectory: String
    public let trust: TrustStore?

    public init(ledgerDirectory: String, trust: TrustStore?) {
        self.ledgerDirectory = ledgerDirectory
        self.trust = trust
    }

    public struct Summary: Sendable {
        public var certificates = 0
        public var disposals = 0
        public var assetsCreated = 0
        /// Documents left out, with why (unverifiable, unreadable).
        public var skipped: [String] = []
    }

    /// The document names in the ledger (`<station>-<sequence>.json`), sorted.
    func documentNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: ledgerDirectory)) ?? []).filter {
            $0.hasSuffix(".json") && $0 != "state.json" && !$0.hasPrefix(".")
        }.sorted()
    }

    /// Verifies (when a trust anchor is known) and decodes one document; the reason when it
    /// cannot be indexed.
    func indexable(_ name: String, verifier: DocumentVerifier?) -> Result<IndexableDocument, SkipReason> {
        let path = ledgerDirectory + "/" + name
        if let verifier {
            let v = verifier.verifyDocument(at: path)
            if !v.isValid { return .failure(SkipReason(text: "\(name): \(v.problems.joined(separator: "; "))")) }
        }
        guard case .success(let bytes) = BoundedFile.read(path, limit: DocumentLimits.maxDocumentBytes) else {
            return .failure(SkipReason(text: "\(name): unreadable"))
        }
        guard let document = IndexableDocument.decode(bytes, path: path) else {
            return .failure(SkipReason(text: "\(name): not a certificate or disposal record"))
        }
        return .success(document)
    }

    struct SkipReason: Error { let text: String }

    var verifier: DocumentVerifier? { trust.map { DocumentVerifier(trust: $0, registry: .records) } }

    public func rebuild(into store: any RecordStore) async throws -> Summary {
        var summary = Summary()
        var certificates: [CertificateIndexEntry] = []
        var disposals: [DisposalIndexEntry] = []
        var assets: [String: AssetRecord] = [:]
        var customers: [String: CustomerRecord] = [:]
        let verifier = self.verifier
        for name in documentNames() {
            switch indexable(name, verifier: verifier) {
            case .failure(let skip): summary.skipped.append(skip.text)
            case .success(.certificate(let c, let asset, let customer)):
                certificates.append(c)
                if assets[asset.assetID] == nil { assets[asset.assetID] = asset }
                // The newest certificate's legal name, for a customer the register lacks.
                if let customer { customers[customer.customerID] = customer }
            case .success(.disposal(let d, let asset)):
                disposals.append(d)
                assets[asset.assetID] = asset
            }
        }
        let existing = try await store.existingAssetIDs(Array(assets.keys))
        summary.assetsCreated = assets.keys.filter { !existing.contains($0) }.count
        try await store.replaceIndex(certificates: certificates, disposals: disposals, assets: Array(assets.values))
        for customer in customers.values.sorted(by: { $0.customerID < $1.customerID }) { _ = try await store.ensureCustomer(customer) }
        summary.certificates = certificates.count
        summary.disposals = disposals.count
        return summary
    }

    /// Indexes the documents the ledger has and the index lacks (after a locked store, a crash
    /// between the certificate and the index, a lost store), verifying each first. Returns what
    /// was added and what could not be (`skipped`): a report must not run while `skipped` is
    /// not empty, or it would silently leave those documents out.
    public func catchUp(into store: any RecordStore) async throws -> Summary {
        var summary = Summary()
        let indexed = try await store.indexedDocumentIDs()
        let missing = documentNames().filter { !indexed.contains(String($0.dropLast(5))) }
        guard !missing.isEmpty else { return summary }
        let verifier = self.verifier
        for name in missing {
            switch indexable(name, verifier: verifier) {
            case .failure(let skip): summary.skipped.append(skip.text)
            case .success(.certificate(let c, let asset, let customer)):
                if let customer { _ = try await store.ensureCustomer(customer) }
                if try await store.ensureAsset(asset) { summary.assetsCreated += 1 }
                try await store.index(certificate: c)
                summary.certificates += 1
            case .success(.disposal(let d, let asset)):
                if try await store.ensureAsset(asset) { summary.assetsCreated += 1 }
                try await store.index(disposal: d)
                summary.disposals += 1
            }
        }
        return summary
    }

    /// Catches up, then refuses (with the remedy) when documents of the ledger remain outside
    /// the index: reports and evidence packs call this so they never silently leave one out.
    public func requireComplete(_ store: any RecordStore) async throws {
        let summary = try await catchUp(into: store)
        guard summary.skipped.isEmpty else {
            throw ExpungeError(.badInput, code: "index-behind-ledger",
                               "the record index is behind the ledger: \(summary.skipped.count) document(s) could not be indexed, so a report would leave them out:\n  "
                                + summary.skipped.prefix(10).joined(separator: "\n  "),
                               remedy: "check them with `expunge verify \(ledgerDirectory)`; restore the originals from a backup or the depot")
        }
    }
}

extension AssetRecord {
    /// An asset created by a wipe because the register does not know it: identified by the
    /// device it was found through, flagged `in_register: false`.
    public static func fromDevice(_ assetID: String, _ device: DeviceIdentity, customer: String?, at: String) -> AssetRecord {
        AssetRecord(assetID: assetID, serial: nil, manufacturer: device.vendor, model: device.model, category: nil,
                    customer: customer, weightKg: nil, inRegister: false, createdAt: at)
    }
}
