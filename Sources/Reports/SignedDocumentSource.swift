import Evidence
import Foundation
import StorageModel

/// Where an evidence pack reads the signed documents the index names: the station's ledger
/// files (`LedgerFiles`), or the depot's archive.
public protocol SignedDocumentSource: Sendable {
    /// The document's exact bytes and its detached signature. `path` is the index entry's path.
    func signedDocument(id: String, path: String) async throws -> (document: [UInt8], signature: [UInt8])
}

/// The station's ledger: `<path>` and the `.p7s` beside it.
public struct LedgerFiles: SignedDocumentSource {
    public init() {}

    public func signedDocument(id: String, path: String) async throws -> (document: [UInt8], signature: [UInt8]) {
        let signaturePath = String(path.dropLast(5)) + ".p7s"
        guard let document = FileManager.default.contents(atPath: path) else {
            throw ExpungeError(.failed, "the signed file \(path) is missing", remedy: "run `expunge records rebuild` and `expunge verify` on the ledger")
        }
        guard let signature = FileManager.default.contents(atPath: signaturePath) else {
            throw ExpungeError(.failed, "the signed file \(signaturePath) is missing", remedy: "run `expunge records rebuild` and `expunge verify` on the ledger")
        }
        return ([UInt8](document), [UInt8](signature))
    }
}
