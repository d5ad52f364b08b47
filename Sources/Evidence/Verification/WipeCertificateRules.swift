import Foundation
import StorageModel

/// The consistency rules of a wipe certificate: what its result may claim given its content.
///
/// Registered as `WipeCertificateRules.type` in `DocumentTypeRegistry.core`. Every rule is listed,
/// with its test, in Docs/design/evidence.md ("Verifier rules").
public enum WipeCertificateRules {
    /// The registry entry: `wipe-certificate`, schema versions 1 to 5 (2 adds `health`, 3 `customer_name`, 4 `machine`,
    /// 5 AES-128-CTR random passes).
    public static let type = SignedDocumentType.decoding(
        WipeCertificate.self, documentType: WipeCertificate.documentType, schemaVersions: WipeCertificate.acceptedSchemaVersions,
        idKey: "certificate_id"
    ) { c in DocumentCheck(problems: problems(c), facts: facts(c)) }

    /// What the audit across documents needs from a certificate.
    public static func facts(_ c: WipeCertificate) -> DocumentFacts {
        DocumentFacts(assetID: c.assetID, deviceKey: deviceKey(c.device), attemptStartedAt: Timestamp.parse(c.startedAt))
    }

    /// The medium across attempts: serial (with model), else WWN; nil when only a path identifies it.
    public static func deviceKey(_ d: DeviceIdentity) -> String? {
        if let s = d.serial { return "serial:\(d.model ?? "")/\(s)" }
        if let w = d.wwn { return "wwn:\(w)" }
        return nil
    }

    public static func problems(_ c: WipeCertificate) -> [String] {
        var p: [String] = []
        if !WipeCertificate.acceptedSchemaVersions.contains(c.schemaVersion) { p.append("unsupported schema_version \(c.schemaVersion)") }
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
        for pass in c.sanitization.passes {
            if pass.cipher == .aes128CTR && c.schemaVersion < 5 {
                p.append("pass \(pass.index) records an AES-128-CTR key, which schema_version \(c.schemaVersion) does not have")
            }
            if let key = pass.aesKey, key.count != 2 * pass.cipher.keyLength || [UInt8](hexString: key) == nil {
                p.append("pass \(pass.index)'s key is not a \(pass.cipher.keyLength)-byte \(pass.cipher.displayName) key in hex")
            }
            if let iv = pass.aesIV, iv.count != 2 * pass.cipher.ivLength || [UInt8](hexString: iv) == nil {
                p.append("pass \(pass.index)'s counter block is not \(pass.cipher.ivLength) bytes in hex")
            }
        }

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
            if c.sanitization.method == .overwrite && c.sanitization.firmware == nil {
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
            // Unverified means written without fault and not read back; anything else failed.
            if !c.errors.isEmpty { p.append("result unverified with \(c.errors.count) recorded errors (an attempt with errors failed)") }
            if !c.unwritableRanges.isEmpty { p.append("result unverified with unwritable ranges") }
            for pass in c.sanitization.passes where !(pass.completed && pass.flushed && pass.bytesWritten == c.device.capacity) {
                p.append("result unverified but pass \(pass.index) did not write and flush the whole device")
            }
        case .failed:
            if c.reasons.isEmpty { p.append("result failed without a reason") }
        case .aborted:
            let stops: Set<FailureReason> = [.abortedBySignal, .abortedByOperator, .deviceRemoved]
            // At least one: this version gives exactly one, earlier ones listed aborted-by-signal
            // beside device-removed, and their certificates stay valid.
            if !c.reasons.contains(where: stops.contains) {
                p.append("result aborted without one of the reasons aborted-by-signal, aborted-by-operator, device-removed")
            }
        case .interrupted:
            if !c.reasons.contains(.processInterrupted) { p.append("result interrupted without reason process-interrupted") }
        }
        if c.result != .passed && c.reasons.isEmpty { p.append("result \(c.result.rawValue) without a reason") }
        if c.result == .passed && c.sanitization.level == .purge && c.sanitization.firmware == nil {
            p.append("result passed at level purge without a firmware record (a host overwrite is Clear)")
        }
        p += coverageProblems(c)
        p += sampleProblems(c)
        p += healthProblems(c)
        p += customerProblems(c)
        if c.machine != nil && c.schemaVersion < 4 { p.append("a machine in a schema_version \(c.schemaVersion) certificate") }
        return p
    }

    /// `customer_name` (schema version 3) is the legal name of the customer the certificate
    /// names: none without a customer, and not in earlier versions.
    static func customerProblems(_ c: WipeCertificate) -> [String] {
        guard c.customerName != nil else { return [] }
        if c.schemaVersion < 3 { return ["a customer_name in a schema_version \(c.schemaVersion) certificate"] }
        if c.customer == nil { return ["a customer_name without a customer"] }
        return []
    }

    /// The `health` section (schema version 2) may claim only what its readings support: the
    /// wipe's media-error bytes are the certificate's own unwritable and unreadable bytes; the
    /// grade is the worst grade among its reasons (`reuse` with none), and there is no grade
    /// without a reading or a media error to grade on; a reading that was not taken carries a
    /// reason and no facts.
    static func healthProblems(_ c: WipeCertificate) -> [String] {
        guard let h = c.health else { return [] }
        if c.schemaVersion < 2 { return ["a health section in a schema_version \(c.schemaVersion) certificate"] }
        var p: [String] = []
        let mediaErrorBytes = (c.unwritableRanges + c.verification.unreadableRanges).reduce(UInt64(0)) { $0 + $1.length.bytes }
        if h.wipeMediaErrorBytes != mediaErrorBytes {
            p.append("health wipe_media_error_bytes \(h.wipeMediaErrorBytes) disagrees with the \(mediaErrorBytes) unwritable and unreadable bytes recorded")
        }
        for (name, reading) in [("before", h.before), ("after", h.after)] {
            guard let r = reading else { continue }
            if r.status != .read {
                if r.reason == nil { p.append("health \(name) reading \(r.status.rawValue) without a reason") }
                if !r.facts.isEmpty || !r.attributes.isEmpty || !r.statistics.isEmpty {
                    p.append("health \(name) reading \(r.status.rawValue) but with facts")
                }
            }
            if Timestamp.parse(r.readAt) == nil { p.append("health \(name) read_at must be RFC 3339") }
        }
        let observed = [h.before, h.after].contains { $0?.status == .read } || h.wipeMediaErrorBytes > 0
        if let grade = h.grade {
            if !observed { p.append("health graded \(grade.rawValue) with no reading and no media error to grade on") }
            let worst = h.reasons.map(\.grade).max() ?? .reuse
            if grade != worst { p.append("health grade \(grade.rawValue) is not the worst grade of its reasons (\(worst.rawValue))") }
        } else if !h.reasons.isEmpty {
            p.append("health reasons without a grade")
        }
        if h.wipeMediaErrorBytes > 0 && h.grade != nil && !h.reasons.contains(where: { $0.code == "wipe-media-errors" }) {
            p.append("health graded without counting the media errors found during the wipe")
        }
        return p
    }

    /// Coverage is bytes compared ÷ capacity, rounded to six decimals, whatever the mode.
    static func coverageProblems(_ c: WipeCertificate) -> [String] {
        let capacity = c.device.capacity.bytes, compared = c.verification.bytesCompared.bytes
        guard capacity > 0 else { return [] }
        let expected = (Double(compared) / Double(capacity) * 1_000_000).rounded() / 1_000_000
        guard abs(c.verification.coverage - expected) > 0.000_001 || compared > capacity else { return [] }
        return ["verification coverage \(c.verification.coverage) disagrees with \(compared) bytes compared of \(capacity) (coverage \(expected))"]
    }

    /// A host-overwrite `sample` verification must reproduce from its seed: the algorithm, the
    /// subsection count, the number of samples and (when it completed without unreadable
    /// blocks) the bytes compared are recomputed with `SampleLayout`.
    static func sampleProblems(_ c: WipeCertificate) -> [String] {
        let v = c.verification
        guard v.mode == .sample, c.sanitization.firmware == nil else { return [] }
        guard v.samplingAlgorithm == SampleLayout.algorithm else {
            return ["sample verification with algorithm \(v.samplingAlgorithm ?? "none"), not \(SampleLayout.algorithm)"]
        }
        guard let seed = v.seed, c.device.logicalSectorSize.bytes > 0 else { return [] }  // reported above for passed
        guard let layout = SampleLayout(deviceSize: c.device.capacity, blockSize: c.device.logicalSectorSize, seed: seed) else {
            return ["sample verification of a device too small to sample (it is read in full)"]
        }
        var p: [String] = []
        if v.subsections != SampleLayout.subsections {
            p.append("sample verification records \(v.subsections.map(String.init) ?? "no") subsections, not \(SampleLayout.subsections)")
        }
        if v.samples != layout.sampleCount {
            p.append("sample verification records \(v.samples.map(String.init) ?? "no") samples; the seed gives \(layout.sampleCount)")
        }
        if v.completed && v.unreadableRanges.isEmpty && v.bytesCompared != layout.bytes {
            p.append("sample verification compared \(v.bytesCompared.bytes) bytes; the seed's samples hold \(layout.bytes.bytes)")
        }
        return p
    }
}
