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

    public func rebuild(into store: any RecordStore) async throws -> Summary {
        var summary = Summary()
        var certificates: [CertificateIndexEntry] = []
        var disposals: [DisposalIndexEntry] = []
        var assets: [String: AssetRecord] = [:]
        let verifier = trust.map { DocumentVerifier(trust: $0, registry: .records) }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: ledgerDirectory)) ?? []).filter {
            $0.hasSuffix(".json") && $0 != "state.json" && !$0.hasPrefix(".")
        }.sorted()
        let decoder = JSONDecoder()
        for name in names {
            let path = ledgerDirectory + "/" + name
            if let verifier {
                let v = verifier.verifyDocument(at: path)
                if !v.isValid { summary.skipped.append("\(name): \(v.problems.joined(separator: "; "))"); continue }
            }
            guard let data = FileManager.default.contents(atPath: path) else { summary.skipped.append("\(name): unreadable"); continue }
            let sha = SHA256Digest.hex(data)
            if let c = try? decoder.decode(WipeCertificate.self, from: data), c.documentType == WipeCertificate.documentType {
                certificates.append(CertificateIndexEntry(c, sha256: sha, path: path))
                if assets[c.assetID] == nil { assets[c.assetID] = AssetRecord.fromDevice(c.assetID, c.device, customer: c.customer, at: c.issuedAt) }
            } else if let r = try? decoder.decode(DisposalRecord.self, from: data), r.documentType == DisposalRecord.documentType {
                disposals.append(DisposalIndexEntry(r, sha256: sha, path: path))
                let a = r.asset
                assets[a.assetID] = AssetRecord(assetID: a.assetID, serial: a.serial, manufacturer: a.manufacturer, model: a.model,
                                                category: a.category, customer: a.customer, weightKg: nil, inRegister: a.inRegister,
                                                createdAt: r.issuedAt)
            } else {
                summary.skipped.append("\(name): not a certificate or disposal record")
            }
        }
        let existing = try await store.existingAssetIDs(Array(assets.keys))
        summary.assetsCreated = assets.keys.filter { !existing.contains($0) }.count
        try await store.replaceIndex(certificates: certificates, disposals: disposals, assets: Array(assets.values))
        summary.certificates = certificates.count
        summary.disposals = disposals.count
        return summary
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
