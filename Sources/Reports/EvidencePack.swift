import Evidence
import Foundation
import Records
import StorageModel
import ZIPFoundation

/// A self-contained ZIP an auditor can check offline: the signed certificates and disposal records
/// of a period (optionally one customer's), the trust anchor, the GDPR and CSRD reports, and a
/// manifest of every file's SHA-256 that is itself signed by the station (`manifest.json.p7s`),
/// so nothing can be added, dropped or altered. `expunge verify pack.zip` checks it whole.
public enum EvidencePack {
    public struct Manifest: Codable, Sendable, Hashable {
        public struct File: Codable, Sendable, Hashable {
            public var path: String
            public var sha256: String
            public var bytes: Int
        }
        public var schemaVersion: Int
        public var pack: String
        public var generatedAt: String
        public var station: String
        public var period: ReportPeriod
        @NullCoded public var customer: String?
        public var files: [File]
        /// The ledger head of each station when the pack was made (null in packs made before
        /// heads were recorded): the pack's documents are a selection up to it.
        @NullCoded public var ledgerHeads: [LedgerHead]?

        enum CodingKeys: String, CodingKey {
            case schemaVersion = "schema_version", pack, generatedAt = "generated_at", station, period, customer, files
            case ledgerHeads = "ledger_heads"
        }
    }

    /// Builds the pack at `output` (written whole or not at all: staged in the temporary
    /// directory, then copied with every write checked, fsync'd and renamed into place).
    /// `ledgerHeads` are recorded in the signed manifest. The signed documents are read from
    /// `documents` (the ledger's files at a station, the archive at the depot). Returns the manifest.
    public static func build(store: any RecordStore, signer: any DocumentSigning, trustAnchorPEM: [UInt8], period: ReportPeriod,
                             customer: String?, station: String? = nil, generatedAt: String, output: URL, ledgerHeads: [LedgerHead]? = nil,
                             documents: any SignedDocumentSource = LedgerFiles()) async throws -> Manifest {
        do {
            return try await stageAndWrite(store: store, signer: signer, trustAnchorPEM: trustAnchorPEM, period: period, customer: customer,
                                     station: station, generatedAt: generatedAt, output: output, ledgerHeads: ledgerHeads, documents: documents)
        } catch let e as any OperatorError {
            throw e
        } catch {
            throw ExpungeError(.failed, "cannot build the evidence pack: \(ErrorText.describe(error))",
                               remedy: "free space in the temporary directory (TMPDIR) and try again")
        }
    }

    static func stageAndWrite(store: any RecordStore, signer: any DocumentSigning, trustAnchorPEM: [UInt8], period: ReportPeriod,
                              customer: String?, station: String?, generatedAt: String, output: URL, ledgerHeads: [LedgerHead]?,
                              documents: any SignedDocumentSource) async throws -> Manifest {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-pack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        for d in ["certificates", "disposals", "reports"] {
            try FileManager.default.createDirectory(at: work.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        var files: [Manifest.File] = []
        func add(_ relative: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: work.appendingPathComponent(relative))
            files.append(.init(path: relative, sha256: SHA256Digest.hex(bytes), bytes: bytes.count))
        }
        func copySigned(_ id: String, path: String, into folder: String) async throws {
            let signed = try await documents.signedDocument(id: id, path: path)
            try add("\(folder)/\(id).json", signed.document)
            try add("\(folder)/\(id).p7s", signed.signature)
        }
        let inScope: (String?) -> Bool = { c in customer == nil || c == customer }
        var customers: [String: String?] = [:]
        func owner(_ assetID: String, fallback: String?) async throws -> String? {
            if let known = customers[assetID] { return known }
            let found = try await store.asset(assetID)?.customer ?? fallback
            customers[assetID] = .some(found)
            return found
        }
        var certificates: [CertificateIndexEntry] = []
        for c in try await store.certificates(endedFrom: period.from, to: period.to) where station == nil || c.station == station {
            guard inScope(try await owner(c.assetID, fallback: c.customer)) else { continue }
            certificates.append(c)
        }
        for c in certificates { try await copySigned(c.certificateID, path: c.path, into: "certificates") }
        var disposals: [DisposalIndexEntry] = []
        for d in try await store.disposals(from: period.from, to: period.to) where station == nil || d.station == station {
            guard inScope(try await owner(d.assetID, fallback: nil)) else { continue }
            disposals.append(d)
        }
        for d in disposals { try await copySigned(d.recordID, path: d.path, into: "disposals") }
        try add("trust-anchor.pem", trustAnchorPEM)

        for format in [ReportFormat.csv, .json] {
            let text = try await GDPRErasureRegister.render(store: store, period: period, generatedAt: generatedAt, format: format,
                                                           customer: customer, station: station)
            try add("reports/gdpr-erasure-register.\(format.rawValue)", Array(text.utf8))
        }
        let csrd = try await CSRDResourceOutflows.build(store: store, period: period, generatedAt: generatedAt,
                                                        scope: .init(organisation: signer.station.organization, customer: customer, station: station))
        try add("reports/csrd-e5-5.json", Array(try csrd.render(.json).utf8))
        try add("reports/csrd-e5-5.html", Array(try csrd.render(.html).utf8))
        let exceptions = try await ExceptionsReport.build(store: store, period: period, generatedAt: generatedAt, customer: customer)
        try add("reports/exceptions.csv", Array(try exceptions.render(.csv).utf8))
        try add("reports/exceptions.html", Array(try exceptions.render(.html).utf8))

        let manifest = Manifest(schemaVersion: 1, pack: "expunge-evidence-pack", generatedAt: generatedAt, station: signer.station.name,
                                period: period, customer: customer, files: files.sorted { $0.path < $1.path }, ledgerHeads: ledgerHeads)
        let manifestBytes = try CanonicalJSON.encode(manifest)
        try Data(manifestBytes).write(to: work.appendingPathComponent("manifest.json"))
        try Data(try signer.sign(manifestBytes)).write(to: work.appendingPathComponent("manifest.json.p7s"))

        let staged = work.appendingPathExtension("zip")
        defer { try? FileManager.default.removeItem(at: staged) }
        do {
            try FileManager.default.zipItem(at: work, to: staged, shouldKeepParent: false, compressionMethod: .deflate)
        } catch {
            throw ExpungeError(.failed, "cannot build the evidence pack in \(staged.deletingLastPathComponent().path): \(ErrorText.describe(error))",
                               remedy: "free space in the temporary directory (TMPDIR)")
        }
        try OutputFile(path: output.path).copy(from: staged.path)
        return manifest
    }

    /// What checking a pack found.
    public struct Verdict: Sendable, Encodable {
        public var manifestProblems: [String]
        public var documents: VerificationReport
        public var trustAnchorFromPack: Bool
        public var isValid: Bool { manifestProblems.isEmpty && documents.isValid }
        /// `isValid`, and with `strict` no audit finding either.
        public func passes(strict: Bool) -> Bool { manifestProblems.isEmpty && documents.passes(strict: strict) }

        enum CodingKeys: String, CodingKey {
            case schemaVersion = "schema_version", valid, manifestProblems = "manifest_problems", documents
            case trustAnchorFromPack = "trust_anchor_from_pack"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(1, forKey: .schemaVersion)
            try c.encode(isValid, forKey: .valid)
            try c.encode(manifestProblems, forKey: .manifestProblems)
            try c.encode(documents, forKey: .documents)
            try c.encode(trustAnchorFromPack, forKey: .trustAnchorFromPack)
        }
    }

    /// Verifies a pack: the signed manifest, every file's hash and nothing unlisted, then every
    /// document as `expunge verify` does (gaps between sequences are expected in a selection).
    /// With no `trust`, the pack's own anchor is used, and the verdict says so.
    /// The pack is extracted within `limits` (see `PackLimits`), then verified as a folder.
    public static func verify(pack: URL, trust: TrustStore?, registry: DocumentTypeRegistry = .expunge,
                              limits: PackLimits = .standard) throws -> Verdict {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-pack-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do { try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true) } catch {
            throw ExpungeError(.failed, "cannot create a temporary directory: \(ErrorText.describe(error))", remedy: "check TMPDIR")
        }
        try PackExtractor.extract(pack, to: work, limits: limits)
        return try verify(folder: work, trust: trust, registry: registry, limits: limits)
    }

    /// Whether `directory` is an unzipped evidence pack (it holds `manifest.json`).
    public static func isPackFolder(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/manifest.json")
    }

    /// Verifies an evidence pack unzipped into `folder` exactly as the ZIP is verified: the
    /// manifest is recognised, the reports are files of the manifest (not documents), the
    /// certificates and disposal records are verified as a selection of their ledger.
    public static func verify(folder work: URL, trust: TrustStore?, registry: DocumentTypeRegistry = .expunge,
                              limits: PackLimits = .standard) throws -> Verdict {
        var problems: [String] = []
        let anchorPath = work.appendingPathComponent("trust-anchor.pem").path
        let anchors: TrustStore
        if let trust { anchors = trust } else {
            guard let own = try? TrustStore(pemFile: anchorPath) else { throw ExpungeError(.badInput, "the pack has no trust anchor", remedy: "pass --trust ca.pem") }
            anchors = own
        }
        let manifestPath = work.appendingPathComponent("manifest.json").path
        guard case .success(let manifestBytes) = BoundedFile.read(manifestPath, limit: DocumentLimits.maxManifestBytes),
              case let manifestData = Data(manifestBytes),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: manifestData) else {
            throw ExpungeError(.badInput, "the pack has no readable manifest.json", remedy: "rebuild the pack with `expunge report evidence-pack`")
        }
        if case .success(let sig) = BoundedFile.read(manifestPath + ".p7s", limit: DocumentLimits.maxSignatureBytes) {
            let verdict = DocumentVerifier(trust: anchors, registry: registry).verify(document: manifestBytes, signature: sig, name: "manifest.json")
            problems += verdict.problems.map { $0.hasPrefix("signed by") ? "manifest \($0)" : "manifest: \($0)" }
        } else {
            problems.append("manifest.json.p7s is missing: the manifest is not signed")
        }
        var listed = Set<String>()
        for f in manifest.files {
            listed.insert(f.path)
            guard !f.path.contains(".."),
                  case .success(let data) = BoundedFile.read(work.appendingPathComponent(f.path).path, limit: Int(limits.maxEntryBytes)) else {
                problems.append("\(f.path): listed in the manifest but missing")
                continue
            }
            if SHA256Digest.hex(data) != f.sha256 { problems.append("\(f.path): altered (SHA-256 differs from the manifest)") }
        }
        if let e = FileManager.default.enumerator(atPath: work.path) {
            while let name = e.nextObject() as? String {
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: work.appendingPathComponent(name).path, isDirectory: &isDir)
                if !isDir.boolValue && !listed.contains(name) && name != "manifest.json" && name != "manifest.json.p7s" {
                    problems.append("\(name): in the pack but not in the manifest")
                }
            }
        }
        let folders = ["certificates", "disposals"].map { work.appendingPathComponent($0).path }
        var documents = DocumentVerifier(trust: anchors, registry: registry, allowGaps: true).verify(paths: folders)
        // Report paths relative to the pack, not the folder it is in.
        for i in documents.documents.indices where documents.documents[i].path.hasPrefix(work.path + "/") {
            documents.documents[i].path = String(documents.documents[i].path.dropFirst(work.path.count + 1))
        }
        if documents.documents.isEmpty { documents.inputProblems.removeAll() }
        for head in manifest.ledgerHeads ?? [] {
            for i in documents.chains.indices where documents.chains[i].station == head.station { documents.chains[i].recordedHead = head.sequence }
        }
        problems += headProblems(manifest.ledgerHeads ?? [], documents: documents.documents)
        return Verdict(manifestProblems: problems, documents: documents, trustAnchorFromPack: trust == nil)
    }

    /// Documents the manifest's ledger heads say did not exist yet when the pack was made.
    static func headProblems(_ heads: [LedgerHead], documents: [DocumentVerdict]) -> [String] {
        var problems: [String] = []
        for head in heads {
            for d in documents where d.station == head.station && (d.sequence ?? 0) > head.sequence {
                problems.append("\(d.path): sequence \(d.sequence ?? 0) is after the ledger head recorded in the manifest (\(head.sequence))")
            }
        }
        return problems
    }
}
