import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// `expunge-depot import-ledger DIR`: brings an existing station ledger into the depot, each
/// document through the same ingest as a push (pinned signature, schema, rules, chain, one
/// transaction per document), in sequence order so the chain links as it grows.
public struct LedgerImport: Sendable {
    public let ingest: DepotIngest

    public init(ingest: DepotIngest) { self.ingest = ingest }

    public struct Summary: Sendable {
        public var stored = 0
        public var alreadyStored = 0
        /// Documents refused, with the reason (`file: code: message`).
        public var rejected: [String] = []
        /// Per station, the sequences the depot still lacks afterwards.
        public var missing: [String: [SequenceRange]] = [:]
    }

    /// The signed documents of a ledger directory (`<station>-<sequence>.json` with its `.p7s`),
    /// ordered by station and sequence.
    public static func documents(in directory: String) throws -> [(name: String, station: String, sequence: UInt64)] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ExpungeError(.badInput, code: "ledger-unreadable", "cannot read the ledger directory \(directory): \(ErrorText.describe(error))",
                               remedy: "give the station's ledger directory ($EXPUNGE_HOME/ledger)")
        }
        return names.compactMap { name -> (String, String, UInt64)? in
            guard name.hasSuffix(".json"), !name.hasPrefix("."), name != "state.json", let dash = name.lastIndex(of: "-") else { return nil }
            guard let sequence = UInt64(name[name.index(after: dash)..<name.index(name.endIndex, offsetBy: -5)]) else { return nil }
            return (name, String(name[..<dash]), sequence)
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
    }

    public func run(directory: String, progress: (Int, Int) -> Void = { _, _ in }) async throws -> Summary {
        let list = try Self.documents(in: directory)
        var summary = Summary()
        var stations = Set<String>()
        for (i, entry) in list.enumerated() {
            progress(i + 1, list.count)
            let path = directory + "/" + entry.name
            guard case .success(let document) = BoundedFile.read(path, limit: DocumentLimits.maxDocumentBytes) else {
                summary.rejected.append("\(entry.name): unreadable or over 1 MiB")
                continue
            }
            guard case .success(let signature) = BoundedFile.read(String(path.dropLast(5)) + ".p7s", limit: DocumentLimits.maxSignatureBytes) else {
                summary.rejected.append("\(entry.name): its signature \(entry.name.dropLast(5)).p7s is missing or unreadable")
                continue
            }
            do {
                let receipt = try await ingest.receive(document: document, signature: signature)
                stations.insert(receipt.station)
                if receipt.status == .stored { summary.stored += 1 } else { summary.alreadyStored += 1 }
            } catch let rejection as DepotRejection {
                summary.rejected.append("\(entry.name): \(rejection.code): \(rejection.message)")
            }
        }
        for station in stations {
            let gaps = try await ingest.archive.missingSequences(station: station).map(SequenceRange.init)
            if !gaps.isEmpty { summary.missing[station] = gaps }
        }
        return summary
    }
}
