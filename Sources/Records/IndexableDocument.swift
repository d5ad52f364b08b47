import Evidence
import Foundation
import StorageModel

/// A signed document decoded for the record index: its index entry and the asset it names (an
/// asset the register lacks is created from the document, flagged not in the register). The one
/// decoding shared by the station (`RecordIndexer`) and the depot's ingest, so both index a
/// document the same way. Decoding does not verify: callers verify the signature first.
public enum IndexableDocument: Sendable, Hashable {
    /// A certificate, the asset it names, and the customer it names (with the legal name it
    /// carries, schema version 3; the ID as the name before).
    case certificate(CertificateIndexEntry, AssetRecord, CustomerRecord?)
    case disposal(DisposalIndexEntry, AssetRecord)

    /// Decodes a wipe certificate or a disposal record from its exact bytes; nil for anything
    /// else. `path` is where the signed file is kept (the ledger file; the depot's archive name).
    public static func decode(_ bytes: [UInt8], path: String) -> IndexableDocument? {
        let data = Data(bytes)
        let sha = SHA256Digest.hex(bytes)
        let decoder = JSONDecoder()
        if let c = try? decoder.decode(WipeCertificate.self, from: data), let made = make(c, sha256: sha, path: path) { return made }
        if let r = try? decoder.decode(DisposalRecord.self, from: data), let made = make(r, sha256: sha, path: path) { return made }
        return nil
    }

    /// The same from a document already decoded (`DocumentVerdict.decoded`, by the verifier's
    /// rules) whose bytes have SHA-256 `sha256`; nil for anything but a wipe certificate or a
    /// disposal record.
    public static func make(_ value: any Sendable, sha256 sha: String, path: String) -> IndexableDocument? {
        if let c = value as? WipeCertificate, c.documentType == WipeCertificate.documentType {
            let customer = c.customer.map {
                CustomerRecord(customerID: $0, legalName: c.customerName ?? $0, createdAt: c.issuedAt, migratedFromFreeText: c.customerName == nil)
            }
            return .certificate(CertificateIndexEntry(c, sha256: sha, path: path),
                                AssetRecord.fromDevice(c.assetID, c.device, customer: c.customer, at: c.issuedAt), customer)
        }
        if let r = value as? DisposalRecord, r.documentType == DisposalRecord.documentType {
            let a = r.asset
            return .disposal(DisposalIndexEntry(r, sha256: sha, path: path),
                             AssetRecord(assetID: a.assetID, serial: a.serial, manufacturer: a.manufacturer, model: a.model,
                                         category: a.category, customer: a.customer, weightKg: nil, inRegister: a.inRegister,
                                         createdAt: r.issuedAt))
        }
        return nil
    }

    /// What the depot archive indexes with the document.
    public var indexed: IndexedDocument {
        switch self {
        case .certificate(let c, _, _): .certificate(c)
        case .disposal(let d, _): .disposal(d)
        }
    }

    public var asset: AssetRecord {
        switch self {
        case .certificate(_, let a, _), .disposal(_, let a): a
        }
    }

    /// The customer a certificate names, to be created in the register if it is unknown there
    /// (never changing an entry the register has).
    public var customer: CustomerRecord? {
        if case .certificate(_, _, let customer) = self { return customer }
        return nil
    }
}
