import Evidence
import Foundation
import StorageModel

/// The page of one wipe certificate: which fields appear for each result and level, in words.
/// Everything comes from the verified signed document; nothing is added that it does not say.
/// Long lists (commands, errors, ranges) are cut after a few entries with the number left out,
/// which the signed JSON holds in full.
public enum CertificateLayout {
    /// Sections a later schema adds (a drive health summary) are passed in `extraSections` and
    /// printed after the verification; they must come from the same verified document.
    ///
    /// `personalData: false` (the depot's public verification page) leaves out the operator and
    /// the customer, and says so.
    public static func document(_ c: WipeCertificate, verified: VerifiedDocument, paper: Paper, verifyURL: String?,
                                extraSections: [Section] = [], personalData: Bool = true) -> PageDocument {
        var blocks: [Block] = [
            .title("Certificate of data sanitization", subtitle: subtitle(c)),
            banner(c),
            .section(certificateSection(c, personalData: personalData)),
            .section(deviceSection(c)),
            .section(sanitizationSection(c)),
        ]
        if let f = c.sanitization.firmware { blocks.append(.section(firmwareSection(f))) }
        blocks.append(.section(scopeSection(c)))
        blocks.append(.section(verificationSection(c)))
        if !c.errors.isEmpty || !c.unwritableRanges.isEmpty || !c.verification.unreadableRanges.isEmpty {
            blocks.append(.section(errorSection(c)))
        }
        blocks += extraSections.map(Block.section)
        blocks.append(.section(timingSection(c)))
        return PageDocument(title: "Certificate \(c.certificateID)", date: c.issuedAt, pageSize: paper.size, blocks: blocks,
                            footer: footer(id: c.certificateID, verified: verified, verifyURL: verifyURL), shrinksToOnePage: true)
    }

    static func subtitle(_ c: WipeCertificate) -> String {
        [c.station.organization, c.station.location, "station \(c.station.name)"].compactMap { $0 }.joined(separator: " · ")
    }

    // MARK: Result

    /// The result in words: what a reader must take from the page.
    public static func headline(_ c: WipeCertificate) -> String {
        let level = c.sanitization.level == .clear ? "Clear" : "Purge"
        switch c.result {
        case .passed:
            let scope = c.scope.map { $0.wholeDevice ? "" : " — part of the drive only" } ?? ""
            return "PASSED: \(level) (NIST SP 800-88), verified\(scope)"
        case .failed: return "FAILED: not shown to be sanitized"
        case .aborted: return "ABORTED: stopped before it completed — not sanitized"
        case .interrupted: return "INTERRUPTED: the process ended during the attempt — not sanitized"
        case .unverified: return "UNVERIFIED: written but not read back — not shown to be sanitized"
        }
    }

    static func banner(_ c: WipeCertificate) -> Block {
        var detail: [String] = []
        if c.result == .passed {
            detail.append("\(c.sanitization.method) of \(capacity(c.device.capacity)); verification \(c.verification.mode.rawValue), "
                          + "\(percent(c.verification.coverage)) of the capacity compared, no mismatch, no unreadable block")
            if let s = c.scope, !s.wholeDevice { detail.append("Scope: \(s.summary). This certificate alone does not show the drive sanitized.") }
        } else {
            detail.append("Why: " + c.reasons.map(reasonText).joined(separator: "; "))
        }
        return .banner(headline: headline(c), detail: detail.joined(separator: "\n"), tone: Tone(c.result))
    }

    public static func reasonText(_ r: FailureReason) -> String {
        let words: String
        switch r {
        case .writeErrors: words = "blocks could not be written"
        case .readErrors: words = "blocks could not be read back"
        case .verificationMismatch: words = "blocks read back differ from what was written"
        case .identityChanged: words = "the device's identity changed during the attempt"
        case .flushFailed: words = "the write cache could not be flushed"
        case .deviceGone: words = "the device went away"
        case .deviceRemoved: words = "the drive was removed from its bay"
        case .ioFailure: words = "an I/O failure stopped the attempt"
        case .abortedBySignal: words = "stopped by a signal to the process"
        case .abortedByOperator: words = "stopped by the operator at the station"
        case .processInterrupted: words = "the process ended before the attempt did"
        case .notVerified: words = "nothing was read back"
        case .notSupported: words = "the drive does not offer the command"
        case .commandRejected: words = "the drive rejected the command"
        case .deviceStatusFailed: words = "the drive's own status reports failure or could not be read"
        case .dataUnchanged: words = "data written before the command was still there after it"
        case .hiddenArea: words = "a hidden area (HPA/DCO) could not be removed; nothing was written"
        case .hiddenAreaNotSanitized: words = "hidden sectors (HPA/DCO) stayed out of reach and were not sanitized"
        }
        return "\(words) (\(r.rawValue))"
    }

    // MARK: Sections

    static func certificateSection(_ c: WipeCertificate, personalData: Bool = true) -> Section {
        let people = personalData
            ? [Field("Customer", c.customer.map { id in c.customerName.map { "\($0) (\(id))" } ?? id } ?? "not recorded"), Field("Operator", c.operatorID ?? "not recorded")]
            : [Field("Customer, operator", "not shown on this page (personal and business data stay with the depot)")]
        return Section("Certificate and asset", [
            Field("Certificate ID", c.certificateID),
            Field("Result", c.result.rawValue, tone: Tone(c.result)),
            Field("Station", "\(c.station.name) · \(c.station.organization)" + (c.station.location.map { " · \($0)" } ?? "") + " · host \(c.station.hostname)"),
            Field("Sequence", "\(c.sequence) in the station's chain; previous document " + (c.previousSHA256.map { "SHA-256 \($0)" } ?? "none (first)")),
            Field("Issued", c.issuedAt),
            Field("Attempt", c.attemptID.uuidString, monospaced: true),
            Field("Asset", c.assetID),
        ] + (c.machine.map { [Field("Computer", $0.summary + " (wiped in place)")] } ?? []) + people + (c.destination.map { [Field("Destination", $0)] } ?? []))
    }

    static func deviceSection(_ c: WipeCertificate) -> Section {
        let d = c.device
        var f = [
            Field("Model", [d.vendor, d.model].compactMap { $0 }.joined(separator: " ").nilIfEmpty ?? "not reported"),
            Field("Serial number", d.serial ?? "not reported"),
            Field("WWN", d.wwn ?? "not reported"),
        ]
        if let fw = d.firmware { f.append(Field("Firmware", fw)) }
        f.append(Field("Capacity", capacity(d.capacity) + " · logical/physical sector \(d.logicalSectorSize.bytes)/\(d.physicalSectorSize.bytes) bytes"))
        f.append(Field("Interface · media", "\(d.transport.rawValue) · \(d.mediaType.rawValue)"))
        f.append(Field("Path", d.path + (d.loopBackingFile.map { " (backing file \($0))" } ?? "")))
        if let ns = d.nvmeNamespaceID {
            f.append(Field("NVMe namespace", "\(ns)" + (d.nvmeNGUID.map { " · NGUID \($0)" } ?? "") + (d.nvmeEUI64.map { " · EUI-64 \($0)" } ?? "")))
        }
        if let strength = c.identityStrength {
            f.append(Field("Identity", strength == .strong ? "strong (serial number or WWN)"
                           : "weak: no serial number or WWN; confirmed by size, path and device number only", tone: strength == .strong ? .neutral : .caution))
        }
        if let end = c.deviceAtEnd {
            let diff = d.differences(from: end)
            f.append(Field("Identity at end", diff.isEmpty ? "re-read at the end: the same device" : "DIFFERENT: " + diff.joined(separator: "; "),
                           tone: diff.isEmpty ? .neutral : .failed))
        } else {
            f.append(Field("Identity at end", "not re-read"))
        }
        return Section("Device", f)
    }

    /// NIST SP 800-88 / IEEE 2883 wording of the level.
    public static func levelText(_ level: SanitizationLevel) -> String {
        switch level {
        case .clear:
            "Clear (NIST SP 800-88; IEEE 2883-2022 Clear): logical techniques applied to all user-addressable storage locations, "
                + "protecting against simple, non-invasive data recovery"
        case .purge:
            "Purge (NIST SP 800-88; IEEE 2883-2022 Purge): physical or logical techniques that make data recovery infeasible "
                + "with state-of-the-art laboratory techniques"
        }
    }

    static func sanitizationSection(_ c: WipeCertificate) -> Section {
        let s = c.sanitization
        let attempted = c.result == .passed ? "" : "Attempted, not achieved: "
        var f = [
            Field("Level", attempted + levelText(s.level), tone: c.result == .passed ? .neutral : Tone(c.result)),
            Field("Technique", "\(s.technique) (method \(s.method)) — \(s.techniqueReference); program standard \(s.standard)"),
        ]
        if let scheme = s.scheme { f.append(Field("Scheme", scheme)) }
        if s.passes.isEmpty {
            if s.firmware == nil { f.append(Field("Passes", "none")) }
        } else {
            let lines = s.passes.map { p in
                "\(p.index): \(p.pattern)\(p.aesKey == nil ? "" : " (\(p.cipher.displayName) keystream, key in the record)"), "
                    + "\(p.bytesWritten.bytes) bytes written, \(p.completed ? "completed" : "NOT completed"), \(p.flushed ? "flushed" : "NOT flushed")"
                    + (p.unwritableRanges.isEmpty ? "" : ", \(p.unwritableRanges.count) unwritable ranges")
            }
            let allGood = s.passes.allSatisfy { $0.completed && $0.flushed && $0.unwritableRanges.isEmpty }
            f.append(Field(s.passes.count == 1 ? "Pass" : "Passes (\(s.passes.count))", capped(lines, 6), tone: allGood ? .neutral : .caution))
        }
        f.append(Field("What was done", capped(s.commands, 8), monospaced: true))
        return Section("Sanitization", f)
    }

    static func firmwareSection(_ fw: FirmwareRecord) -> Section {
        var f = [Field("Command", "\(fw.interface.rawValue.uppercased()) \(fw.technique.rawValue) (method \(fw.method))")]
        let lines = fw.commands.map { "\($0.name): \($0.encoding) → \($0.response) (\($0.accepted ? "accepted" : "REJECTED"))" }
        f.append(Field("Sent and answered", capped(lines, 3), monospaced: true))
        if !fw.deviceStatus.isEmpty { f.append(Field("Drive status", capped(fw.deviceStatus, 3, separator: "; "))) }
        f.append(Field("Drive reported completion", fw.deviceReportedCompletion.map { $0 ? "yes" : "NO" } ?? "the drive has no status to ask"))
        if !fw.notes.isEmpty { f.append(Field("Notes", capped(fw.notes, 4))) }
        return Section("Firmware command (Purge)", f)
    }

    static func scopeSection(_ c: WipeCertificate) -> Section {
        var f: [Field] = []
        if let s = c.scope {
            f.append(Field("Scope", "\(s.kind.rawValue): \(s.summary)", tone: s.wholeDevice ? .neutral : .caution))
            f.append(Field("Whole device", s.wholeDevice ? "yes: nothing that can hold user data was left out"
                           : "NO: evidence for this part only, never by itself that the drive is sanitized", tone: s.wholeDevice ? .neutral : .caution))
        } else {
            f.append(Field("Scope", "not recorded (certificate issued before scopes were recorded)"))
        }
        if let cap = c.capacity {
            f.append(Field("Addressed", capacity(cap.addressedBytes) + " · native " + (cap.nativeBytes.map(capacity) ?? "not established")))
            let remaining = cap.remainingHiddenRanges
            let hiddenTone: Tone = remaining.isEmpty && cap.hiddenAreas != .unchecked ? .neutral : .caution
            var hidden = "\(cap.hiddenAreas.rawValue): \(cap.basis)"
            if !cap.hiddenRanges.isEmpty {
                hidden += "\n" + capped(cap.hiddenRanges.map { "\($0.kind.rawValue.uppercased()) LBA \($0.firstLBA)–\($0.lastLBA) (\($0.blocks) blocks), \($0.removed ? "removed" : "NOT removed")" }, 4)
            }
            f.append(Field("Hidden areas", hidden, tone: hiddenTone))
            if !cap.notes.isEmpty { f.append(Field("Capacity notes", capped(cap.notes, 3))) }
        } else {
            f.append(Field("Hidden areas", "not recorded (certificate issued before hidden areas were recorded)"))
        }
        return Section("Scope and hidden areas", f)
    }

    static func verificationSection(_ c: WipeCertificate) -> Section {
        let v = c.verification
        var mode = v.mode.rawValue
        if let r = v.requestedMode, r != v.mode { mode += " (\(r.rawValue) requested; the device is small enough to read in full)" }
        var f = [Field("Mode", mode)]
        if v.mode == .none {
            f.append(Field("Read back", "nothing was read back", tone: Tone(c.result) == .passed ? .neutral : .caution))
            return Section("Verification", f)
        }
        f.append(Field("Compared", "\(v.bytesCompared.bytes) bytes, coverage \(percent(v.coverage)) of the capacity"
                       + (v.expectedPattern.map { "; expected \($0)" } ?? "; expected: any content but the canaries'")))
        if v.mode == .sample || v.seed != nil {
            f.append(Field("Sampling", "\(v.samplingAlgorithm ?? "unknown algorithm"), seed \(v.seed.map(String.init) ?? "none"), "
                           + "\(v.subsections.map(String.init) ?? "?") subsections, \(v.samples.map(String.init) ?? "?") samples", monospaced: false))
        }
        f.append(Field("Read path", v.readPath?.explanation ?? "not recorded"))
        let mismatch = v.mismatchedBlocks == 0 ? "none" : "\(v.mismatchedBlocks) blocks; first at byte offsets "
            + capped(v.firstMismatchOffsets.map(String.init), 5, separator: ", ")
        f.append(Field("Mismatched blocks", mismatch, tone: v.mismatchedBlocks == 0 ? .neutral : .failed))
        f.append(Field("Unreadable ranges", v.unreadableRanges.isEmpty ? "none" : rangesText(v.unreadableRanges), tone: v.unreadableRanges.isEmpty ? .neutral : .failed))
        f.append(Field("Completed", v.completed ? "yes" : "NO: stopped before the end", tone: v.completed ? .neutral : .caution))
        return Section("Verification", f)
    }

    static func errorSection(_ c: WipeCertificate) -> Section {
        var f: [Field] = []
        if !c.errors.isEmpty {
            let lines = c.errors.map { e in
                "\(e.operation)" + (e.range.map { " [\($0.offset.bytes), +\($0.length.bytes))" } ?? "") + (e.errno.map { " \($0)" } ?? "") + ": \(e.message)"
            }
            f.append(Field("Errors (\(c.errors.count))", capped(lines, 3), tone: .failed))
        }
        if !c.unwritableRanges.isEmpty { f.append(Field("Unwritable ranges", rangesText(c.unwritableRanges), tone: .failed)) }
        if !c.verification.unreadableRanges.isEmpty { f.append(Field("Unreadable ranges", rangesText(c.verification.unreadableRanges), tone: .failed)) }
        return Section("Errors", f)
    }

    static func timingSection(_ c: WipeCertificate) -> Section {
        Section("Time and tool", [
            Field("Started · ended", "\(c.startedAt) · \(c.endedAt) (\(duration(c.durationSeconds)))"),
            Field("Tool", "\(c.tool.name) \(c.tool.version) on " + [c.tool.kernel, c.tool.operatingSystem].compactMap { $0 }.joined(separator: " · ")),
            Field("Build SHA-256", c.tool.buildSHA256 ?? "not recorded", monospaced: c.tool.buildSHA256 != nil),
        ])
    }

    // MARK: Footer

    /// The QR code's text: `BASE/verify/<id>?sha256=<hex>` with a base URL, else the SHA-256 alone.
    public static func qrText(id: String, sha256: String, verifyURL: String?) -> String {
        guard let base = verifyURL else { return sha256 }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? id
        return "\(trimmed)/verify/\(escaped)?sha256=\(sha256)"
    }

    static func footer(id: String, verified: VerifiedDocument, verifyURL: String?) -> Footer {
        let file = (verified.name as NSString).lastPathComponent
        return Footer(
            facts: [
                Field("SHA-256 of the signed record \(file)", verified.sha256, monospaced: true),
                Field("Signed by", verified.signer),
                Field("Signer certificate SHA-256", verified.signerFingerprint, monospaced: true),
            ],
            qrText: qrText(id: id, sha256: verified.sha256, verifyURL: verifyURL),
            instructions: "This page is a rendering of the signed record, which is the evidence. Check it offline: the record's SHA-256 "
                + "(sha256sum) must equal the one above, and `expunge verify \(file) --trust CA.pem` or `openssl cms -verify -binary -inform DER "
                + "-in \((file as NSString).deletingPathExtension).p7s -content \(file) -CAfile CA.pem -purpose any` must succeed. "
                + (verifyURL == nil ? "The QR code holds the SHA-256." : "The QR code links to the depot's verification page."))
    }

    // MARK: Words

    static func capacity(_ b: ByteCount) -> String {
        b.bytes < 1000 ? "\(b.bytes) bytes" : "\(b.decimalDescription) (\(b.binaryDescription), \(b.bytes) bytes)"
    }

    static func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        return (p == p.rounded() ? String(Int(p)) : String(format: "%.2f", p)) + " %"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600) h \(s % 3600 / 60) min \(s % 60) s" : "\(s / 60) min \(s % 60) s"
    }

    static func rangesText(_ ranges: [ByteRange]) -> String {
        "\(ranges.count): " + capped(ranges.map { "[\($0.offset.bytes), +\($0.length.bytes))" }, 5, separator: ", ")
    }

    /// The first `limit` items, and how many more the signed record holds.
    static func capped(_ items: [String], _ limit: Int, separator: String = "\n") -> String {
        guard items.count > limit else { return items.joined(separator: separator) }
        return items.prefix(limit).joined(separator: separator) + "\(separator)… and \(items.count - limit) more in the signed record"
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
