import Depot
import Foundation
import Records
import Reports
import StorageModel

/// The depot's archive as the source of an evidence pack's signed documents: the exact bytes and
/// signature each station pushed.
public struct ArchiveDocuments: SignedDocumentSource {
    public let archive: any DepotArchive

    public init(archive: any DepotArchive) { self.archive = archive }

    public func signedDocument(id: String, path: String) async throws -> (document: [UInt8], signature: [UInt8]) {
        guard let archived = try await archive.document(id: id) else {
            throw ExpungeError(.failed, code: "archive-incomplete", "the index names \(id), but the depot's archive does not hold it",
                               remedy: "check the depot's database; the index and the archive are written in one transaction")
        }
        return (archived.document, archived.signature)
    }
}
