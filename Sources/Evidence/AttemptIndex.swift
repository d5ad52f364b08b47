import BlockIO
import Foundation
import Glibc
import StorageModel

/// `ledger/attempts.log`: which document certified which wipe attempt, one line
/// `<attempt-id> <document-id>` per document, appended under the ledger lock after the document
/// is committed. It lets `Ledger.append` refuse a second document for an attempt (one
/// certificate per attempt, ever — also when the first one was since deleted). Missing, it is
/// rebuilt by scanning the documents' `attempt_id`s.
struct AttemptIndex: Sendable {
    let directory: String
    var path: String { directory + "/attempts.log" }

    /// The index: attempt ID (lower-case) → document ID. Rebuilt and written if the file is missing.
    func load() throws(ExpungeError) -> [String: String] {
        switch BoundedFile.read(path, limit: 256 << 20) {
        case .success(let bytes):
            var index: [String: String] = [:]
            for line in bytes.split(separator: 0x0A) {
                let parts = line.split(separator: 0x20)
                guard parts.count == 2 else { continue }
                let attempt = String(decoding: parts[0], as: UTF8.self)
                if index[attempt] == nil { index[attempt] = String(decoding: parts[1], as: UTF8.self) }
            }
            return index
        case .failure(.unreadable(let e)) where e == .noSuchFile:
            let index = scan()
            let text = index.sorted { $0.value < $1.value }.map { "\($0.key) \($0.value)\n" }.joined()
            try AtomicFile.write(Array(text.utf8), to: path, mode: 0o600)
            return index
        case .failure(let f):
            throw ExpungeError(.failed, "cannot read the attempt index \(path): \(f)",
                                remedy: "move it aside; it is rebuilt from the documents on the next append")
        }
    }

    /// Records that `documentID` certifies `attemptID` (appended and fsync'd).
    func record(_ attemptID: String, documentID: String) throws(ExpungeError) {
        try DurableLog(path: path).append(Array("\(attemptID.lowercased()) \(documentID)\n".utf8), what: "the attempt index")
    }

    /// Every document's `attempt_id` in the directory (documents without one are skipped).
    func scan() -> [String: String] {
        var index: [String: String] = [:]
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".json") && $0 != "state.json" && !$0.hasPrefix(".")
        }.sorted()
        for name in names {
            guard let (attempt, id) = Self.attempt(ofDocument: directory + "/" + name) else { continue }
            if index[attempt] == nil { index[attempt] = id }
        }
        return index
    }

    /// The attempt ID and document ID a document carries, if any.
    static func attempt(ofDocument path: String) -> (String, String)? {
        guard case .success(let bytes) = BoundedFile.read(path, limit: DocumentLimits.maxDocumentBytes),
              let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              let attempt = object["attempt_id"] as? String else { return nil }
        let id = object["certificate_id"] as? String ?? object["record_id"] as? String ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return (attempt.lowercased(), id)
    }
}
