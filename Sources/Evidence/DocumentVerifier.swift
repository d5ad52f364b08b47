import Dispatch
import Foundation
import StorageModel
import Synchronization

/// What `expunge verify` found about one document.
public struct DocumentVerdict: Sendable, Hashable, Encodable {
    public var path: String
    public var documentID: String?
    public var documentType: String?
    public var station: String?
    public var sequence: UInt64?
    public var result: String?
    public var sha256: String?
    public var signer: String?
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }
    /// Chain fields, kept from the one read of the file (not part of the JSON report).
    var previousSHA256: String?
    var issuedAt: Date?
    var attemptID: String?

    enum CodingKeys: String, CodingKey {
        case path
        case documentID = "document_id"
        case documentType = "document_type"
        case station, sequence, result, sha256, signer, problems
        case isValid = "valid"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(documentID, forKey: .documentID)
        try c.encode(documentType, forKey: .documentType)
        try c.encode(station, forKey: .station)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(result, forKey: .result)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(signer, forKey: .signer)
        try c.encode(problems, forKey: .problems)
        try c.encode(isValid, forKey: .isValid)
    }
}

/// Chain continuity of one station's documents in the verified set.
public struct ChainVerdict: Sendable, Hashable, Encodable {
    public var station: String
    public var documents: Int
    public var firstSequence: UInt64
    public var lastSequence: UInt64
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case station, documents
        case firstSequence = "first_sequence"
        case lastSequence = "last_sequence"
        case problems
        case isValid = "valid"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(station, forKey: .station)
        try c.encode(documents, forKey: .documents)
        try c.encode(firstSequence, forKey: .firstSequence)
        try c.encode(lastSequence, forKey: .lastSequence)
        try c.encode(problems, forKey: .problems)
        try c.encode(isValid, forKey: .isValid)
    }
}

public struct VerificationReport: Sendable, Encodable {
    public var documents: [DocumentVerdict]
    public var chains: [ChainVerdict]
    /// Problems with the inputs themselves (a path that does not exist, an orphan signature).
    public var inputProblems: [String]
    public var isValid: Bool { !documents.isEmpty && documents.allSatisfy(\.isValid) && chains.allSatisfy(\.isValid) && inputProblems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case valid, documents, chains
        case inputProblems = "input_problems"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(1, forKey: .schemaVersion)
        try c.encode(isValid, forKey: .valid)
        try c.encode(documents, forKey: .documents)
        try c.encode(chains, forKey: .chains)
        try c.encode(inputProblems, forKey: .inputProblems)
    }
}

/// Verifies signed documents offline: signature and signer chain, schema, internal consistency,
/// and chain continuity across the set. Never trusts the file name: sequence and station come
/// from the signed content.
public struct DocumentVerifier: Sendable {
    public let trust: TrustStore
    /// Consistency rules for further document types (disposal records), by `document_type`.
    public let additionalRules: [String: @Sendable (Data) -> [String]]
    /// For a selection of documents (an evidence pack): gaps between sequences are expected and
    /// not reported; links are checked where consecutive documents are both present.
    public let allowGaps: Bool

    public init(trust: TrustStore, additionalRules: [String: @Sendable (Data) -> [String]] = [:], allowGaps: Bool = false) {
        self.trust = trust
        self.additionalRules = additionalRules
        self.allowGaps = allowGaps
    }

    /// Verifies files and directories (every `*.json` in a directory, recursively).
    public func verify(paths: [String]) -> VerificationReport {
        var files: [String] = []
        var inputProblems: [String] = []
        var heads: [LedgerHead] = []
        for p in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else {
                inputProblems.append("\(p): no such file or directory")
                continue
            }
            if isDirectory.boolValue {
                let (found, orphans) = Self.collect(directory: p)
                files += found
                inputProblems += orphans.map { "\($0): signature without its document (.json missing)" }
                heads += LedgerHeadCheck.recordedHeads(directory: p)
            } else if p.hasSuffix(".p7s") {
                files.append(String(p.dropLast(4)) + ".json")
            } else {
                files.append(p)
            }
        }
        files = Array(Set(files)).sorted()
        let verdicts = Mutex([DocumentVerdict?](repeating: nil, count: files.count))
        let list = files
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            let v = verifyDocument(at: list[i])
            verdicts.withLock { $0[i] = v }
        }
        let documents = verdicts.withLock { $0.compactMap { $0 } }
        var report = VerificationReport(documents: documents, chains: Self.chains(documents, allowGaps: allowGaps), inputProblems: inputProblems)
        LedgerHeadCheck.apply(heads: heads, to: &report)
        return report
    }

    static func collect(directory: String) -> ([String], [String]) {
        var json: [String] = []
        var signatures: Set<String> = []
        guard let e = FileManager.default.enumerator(atPath: directory) else { return ([], []) }
        while let name = e.nextObject() as? String {
            let base = (name as NSString).lastPathComponent
            if base.hasPrefix(".") || base == "state.json" || base == "manifest.json" { continue }
            let full = directory + "/" + name
            if name.hasSuffix(".json") { json.append(full) }
            if name.hasSuffix(".p7s") { signatures.insert(String(full.dropLast(4))) }
        }
        let stems = Set(json.map { String($0.dropLast(5)) })
        return (json, signatures.subtracting(stems).sorted().map { $0 + ".p7s" })
    }

    /// One document: its bytes, its signature beside it, its content.
    public func verifyDocument(at path: String) -> DocumentVerdict {
        var v = DocumentVerdict(path: path, problems: [])
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: DocumentLimits.maxDocumentBytes) {
        case .success(let b): bytes = b
        case .failure(let f): v.problems.append("document not read: \(f)"); return v
        }
        let data = Data(bytes)
        v.sha256 = SHA256Digest.hex(bytes)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            v.problems.append("not a JSON object (truncated or not JSON)")
            return v
        }
        v.documentType = object["document_type"] as? String
        v.documentID = object["certificate_id"] as? String ?? object["record_id"] as? String
        v.station = (object["station"] as? [String: Any])?["name"] as? String
        v.sequence = (object["sequence"] as? NSNumber)?.uint64Value
        v.result = object["result"] as? String
        v.previousSHA256 = object["previous_sha256"] as? String
        v.issuedAt = (object["issued_at"] as? String).flatMap(Timestamp.parse)
        v.attemptID = object["attempt_id"] as? String

        // Signature first: nothing in an unsigned or altered document is believed.
        let signaturePath = String(path.dropLast(path.hasSuffix(".json") ? 5 : 0)) + ".p7s"
        var signingTime = Date()
        if let issued = object["issued_at"] as? String, let d = Timestamp.parse(issued) { signingTime = d }
        let signatureBytes = BoundedFile.read(signaturePath, limit: DocumentLimits.maxSignatureBytes)
        if case .failure(.tooLarge(let limit)) = signatureBytes {
            v.problems.append("signature \((signaturePath as NSString).lastPathComponent) is larger than the \(BoundedFile.describe(limit)) maximum")
        } else if case .success(let sig) = signatureBytes {
            switch CMSSignature.verify(bytes, signature: sig, trust: trust, at: signingTime) {
            case .success(let signer):
                v.signer = signer.subject
                if let station = v.station, signer.commonName != station {
                    v.problems.append("signed by \(signer.commonName ?? "?"), not by station \(station)")
                }
            case .failure(let f):
                v.problems.append(f.description)
            }
        } else {
            v.problems.append("no signature (\((signaturePath as NSString).lastPathComponent) missing)")
        }

        switch v.documentType {
        case WipeCertificate.documentType?:
            do {
                let cert = try JSONDecoder().decode(WipeCertificate.self, from: data)
                v.problems += WipeCertificateRules.problems(cert)
            } catch {
                v.problems.append("schema: \(Self.describe(error))")
            }
        case let other?:
            if let check = additionalRules[other] { v.problems += check(data) }
            else { v.problems.append("unknown document_type \"\(other)\"") }
        case nil:
            v.problems.append("schema: document_type is missing")
        }
        return v
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let ctx)?: return "missing \(Self.path(ctx.codingPath + [key]))"
        case .typeMismatch(_, let ctx)?, .valueNotFound(_, let ctx)?: return "wrong type at \(Self.path(ctx.codingPath)): \(ctx.debugDescription)"
        case .dataCorrupted(let ctx)?: return "invalid value at \(Self.path(ctx.codingPath)): \(ctx.debugDescription)"
        default: return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Chain continuity per station: gaps, duplicates, broken hash links, time running backwards.
    static func chains(_ documents: [DocumentVerdict], allowGaps: Bool) -> [ChainVerdict] {
        var byStation: [String: [DocumentVerdict]] = [:]
        for d in documents where d.sequence != nil && d.station != nil { byStation[d.station!, default: []].append(d) }
        var out: [ChainVerdict] = []
        for (station, docs) in byStation.sorted(by: { $0.key < $1.key }) {
            let sorted = docs.sorted { $0.sequence! < $1.sequence! }
            var problems: [String] = []
            var seen: [UInt64: DocumentVerdict] = [:]
            for d in sorted {
                if let first = seen[d.sequence!] {
                    problems.append("sequence \(d.sequence!) appears twice (\(first.path), \(d.path))")
                } else {
                    seen[d.sequence!] = d
                }
            }
            let sequences = seen.keys.sorted()
            for (a, b) in zip(sequences, sequences.dropFirst()) where b != a + 1 && !allowGaps {
                problems.append(b == a + 2 ? "sequence \(a + 1) is missing" : "sequences \(a + 1)–\(b - 1) are missing")
            }
            for s in sequences {
                guard let prev = seen[s - 1] else { continue }
                let doc = seen[s]!
                if doc.previousSHA256 != prev.sha256 {
                    problems.append("sequence \(s) does not follow sequence \(s - 1): previous_sha256 does not match (altered, replaced or reordered document)")
                }
                if let t0 = prev.issuedAt, let t1 = doc.issuedAt, t1 < t0 {
                    problems.append("sequence \(s) was issued before sequence \(s - 1) (reordered)")
                }
            }
            out.append(ChainVerdict(station: station, documents: sorted.count, firstSequence: sequences.first ?? 0,
                                    lastSequence: sequences.last ?? 0, problems: problems))
        }
        return out
    }
}

/// The consistency rules of a wipe certificate: what its result may claim given its content.
public enum WipeCertificateRules {
    public static func problems(_ c: WipeCertificate) -> [String] {
        var p: [String] = []
        if c.schemaVersion != WipeCertificate.schemaVersion { p.append("unsupported schema_version \(c.schemaVersion)") }
        if c.certificateID != LedgerPosition.documentID(station: c.station.name, sequence: c.sequence) {
            p.append("certificate_id \(c.certificateID) does not match station \(c.station.name) and sequence \(c.sequence)")
        }
        if c.sequence == 0 { p.append("sequence must start at 1") }
        if c.sequence == 1 && c.previousSHA256 != nil { p.append("the first document has a previous_sha256") }
        if c.sequence > 1 && c.previousSHA256 == nil { p.append("previous_sha256 is missing") }
        if let h = c.previousSHA256, h.count != 64 || [UInt8](hexString: h) == nil { p.append("previous_sha256 is not a SHA-256 hex digest") }
        let started = Timestamp.parse(c.startedAt), ended = Timestamp.parse(c.endedAt), issued = Timestamp.parse(c.issuedAt)
        if started == nil || ended == nil || issued == nil { p.append("timestamps must be RFC 3339") }
        if let s = started, let e = ended, e < s { p.append("ended_at is before started_at") }
        if let e = ended, let i = issued, i.addingTimeInterval(1) < e { p.append("issued_at is before ended_at") }
        if c.assetID.isEmpty { p.append("asset_id is empty") }

        switch c.result {
        case .passed:
            if !c.reasons.isEmpty { p.append("result passed with failure reasons \(c.reasons.map(\.rawValue))") }
            if !c.errors.isEmpty { p.append("result passed with \(c.errors.count) recorded errors") }
            if !c.unwritableRanges.isEmpty { p.append("result passed with unwritable ranges") }
            if !c.verification.isClean { p.append("result passed without clean, completed verification") }
            let required = c.sanitization.firmware != nil ? 0 : c.verification.mode == .full ? 1.0 : 0.10
            if c.verification.coverage < required { p.append("result passed with verification coverage \(c.verification.coverage) below \(required)") }
            if let f = c.sanitization.firmware {
                if f.commands.isEmpty { p.append("result passed with no firmware command recorded") }
                for cmd in f.commands where !cmd.accepted { p.append("result passed although the drive did not accept \(cmd.name)") }
                if f.deviceReportedCompletion == false { p.append("result passed although the drive's status did not report completion") }
                if c.verification.samplingAlgorithm != "canary-splitmix64-v1" || (c.verification.samples ?? 0) < 2 {
                    p.append("firmware purge passed without canary verification")
                }
                if c.sanitization.level != .purge { p.append("a firmware technique recorded as level \(c.sanitization.level.rawValue)") }
            }
            if c.verification.mode == .sample && c.verification.seed == nil { p.append("sample verification without its seed") }
            if let end = c.deviceAtEnd {
                let diff = c.device.differences(from: end)
                if !diff.isEmpty { p.append("result passed but the device identity changed: " + diff.joined(separator: "; ")) }
            } else {
                p.append("result passed without the device identity at the end")
            }
            if c.sanitization.method == "overwrite" && c.sanitization.firmware == nil {
                if c.sanitization.passes.isEmpty { p.append("result passed with no overwrite pass") }
                for pass in c.sanitization.passes where !(pass.completed && pass.flushed && pass.bytesWritten == c.device.capacity) {
                    p.append("result passed but pass \(pass.index) did not write and flush the whole device")
                }
                if let last = c.sanitization.passes.last, c.verification.expectedPattern != last.pattern {
                    p.append("verification compared against \(c.verification.expectedPattern ?? "nothing"), not the last pass's \(last.pattern)")
                }
                for pass in c.sanitization.passes where pass.pattern == "random" && (pass.aesKey == nil || pass.aesIV == nil) {
                    p.append("random pass \(pass.index) lacks the key needed to regenerate it")
                }
            }
        case .unverified:
            if c.verification.mode != .none { p.append("result unverified although verification mode is \(c.verification.mode.rawValue)") }
        case .failed:
            if c.reasons.isEmpty { p.append("result failed without a reason") }
        case .aborted:
            if !c.reasons.contains(.abortedBySignal) { p.append("result aborted without reason aborted-by-signal") }
        case .interrupted:
            if !c.reasons.contains(.processInterrupted) { p.append("result interrupted without reason process-interrupted") }
        }
        if c.result != .passed && c.reasons.isEmpty { p.append("result \(c.result.rawValue) without a reason") }
        return p
    }
}
