import Foundation

/// Turns the paths given to `expunge verify` into the documents to verify, each with the path
/// of its detached signature: files as given (`X.json`, or `X.p7s` for its document), and every
/// `*.json` under a directory, recursively. Ledger bookkeeping (`state.json`) and hidden files
/// are skipped; in an unzipped evidence pack (a directory holding `manifest.json`), the manifest
/// and the `reports/` folder are not documents of the chain (the pack verifier checks them).
/// A signature whose document is missing is an input problem. ZIP evidence packs are extracted
/// by `Reports` (`PackExtractor`) and verified from the extracted folder.
struct DocumentCollector {
    struct Collected {
        var documents: [String] = []
        var inputProblems: [String] = []
        var heads: [LedgerHead] = []
    }

    /// The signature beside `document`: `X.p7s` for `X.json`; `manifest.json.p7s` for a manifest.
    static func signaturePath(for document: String) -> String {
        if (document as NSString).lastPathComponent == "manifest.json" { return document + ".p7s" }
        return String(document.dropLast(document.hasSuffix(".json") ? 5 : 0)) + ".p7s"
    }

    static func collect(paths: [String]) -> Collected {
        var out = Collected()
        for p in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else {
                out.inputProblems.append("\(p): no such file or directory")
                continue
            }
            if isDirectory.boolValue {
                let (found, orphans) = collect(directory: p)
                out.documents += found
                out.inputProblems += orphans.map { "\($0): signature without its document (.json missing)" }
                out.heads += LedgerHeadCheck.recordedHeads(directory: p)
            } else if p.hasSuffix(".p7s") {
                out.documents.append(String(p.dropLast(4)) + ".json")
            } else {
                out.documents.append(p)
            }
        }
        out.documents = Array(Set(out.documents)).sorted()
        return out
    }

    /// Every document under `directory`, and signatures without a document.
    static func collect(directory: String) -> ([String], [String]) {
        var json: [String] = []
        var signatures: Set<String> = []
        guard let e = FileManager.default.enumerator(atPath: directory) else { return ([], []) }
        var packFolders: Set<String> = []
        var names: [String] = []
        while let name = e.nextObject() as? String {
            names.append(name)
            if (name as NSString).lastPathComponent == "manifest.json" { packFolders.insert((name as NSString).deletingLastPathComponent) }
        }
        for name in names {
            let base = (name as NSString).lastPathComponent
            if base.hasPrefix(".") || base == "state.json" || base == "manifest.json" || base == "manifest.json.p7s" { continue }
            if packFolders.contains(where: { name.hasPrefix(($0.isEmpty ? "" : $0 + "/") + "reports/") }) { continue }
            let full = directory + "/" + name
            if name.hasSuffix(".json") { json.append(full) }
            if name.hasSuffix(".p7s") { signatures.insert(String(full.dropLast(4))) }
        }
        let stems = Set(json.map { String($0.dropLast(5)) })
        return (json, signatures.subtracting(stems).sorted().map { $0 + ".p7s" })
    }
}
