import StorageModel

/// The certificate's `health` section (schema version 2) as a page section, condensed to fit the
/// one-page certificate: the grade with its reasons, then the key readings before → after the
/// wipe on one line. Only facts the drive reported are shown; a reading that was not taken says
/// why. The signed record holds every attribute and statistic.
public enum HealthLayout {
    /// Reasons printed before the rest is counted as "more in the signed record".
    static let reasonLimit = 3

    public static func section(_ h: HealthRecord) -> Section {
        var fields: [Field] = []
        if let grade = h.grade {
            let tone: Tone = switch grade {
            case .reuse: .neutral  // green stays reserved for a passed result
            case .reuseWithCaution: .caution
            case .doNotReuse: .failed
            }
            fields.append(Field("Reuse grade", grade.rawValue, tone: tone))
        } else {
            fields.append(Field("Reuse grade", "not graded (no health reading to grade on)"))
        }
        fields.append(Field("Rules", "version \(h.rules.version), \(h.rules.source)"))
        if !h.reasons.isEmpty {
            let lines = h.reasons.map { "\($0.grade.rawValue): \($0.message)" }
            fields.append(Field(h.reasons.count == 1 ? "Reason" : "Reasons (\(h.reasons.count))",
                                CertificateLayout.capped(lines, reasonLimit, separator: "; ")))
        }
        if h.wipeMediaErrorBytes > 0 {
            fields.append(Field("Media errors in the wipe", ByteCount(h.wipeMediaErrorBytes).decimalDescription + " unreadable or unwritable", tone: .caution))
        }
        fields.append(readings(h.before, h.after))
        return Section("Drive health", fields)
    }

    /// Before and after on one line: `status passed → passed, 31 → 38 °C, …`; a fact is shown
    /// when either reading has it.
    static func readings(_ before: HealthReading?, _ after: HealthReading?) -> Field {
        let label = "Before → after the wipe"
        guard let before, let after, before.status == .read, after.status == .read else {
            return Field(label, "before: \(state(before)); after: \(state(after))",
                         tone: before?.status == .failed || after?.status == .failed ? .caution : .neutral)
        }
        let b = before.facts, a = after.facts
        var parts: [String] = []
        func pair<T>(_ name: String, _ x: T?, _ y: T?, unit: String = "", show: (T) -> String = { "\($0)" }) {
            guard x != nil || y != nil else { return }
            let l = x.map(show) ?? "–", r = y.map(show) ?? "–"
            parts.append(name.isEmpty ? "\(l) → \(r)\(unit)" : "\(name) \(l) → \(r)\(unit)")
        }
        pair("status", b.overallStatus, a.overallStatus) { $0.rawValue }
        pair("critical warning", b.criticalWarning, a.criticalWarning) { $0 == 0 ? "none" : "0x" + String($0, radix: 16) }
        pair("", b.temperatureCelsius, a.temperatureCelsius, unit: " °C")
        pair("spare", b.availableSparePercent, a.availableSparePercent, unit: " %")
        pair("used", b.percentageUsed, a.percentageUsed, unit: " %")
        pair("power-on hours", b.powerOnHours, a.powerOnHours)
        pair("media errors", b.mediaErrors, a.mediaErrors)
        pair("reallocated", b.reallocatedSectors, a.reallocatedSectors)
        pair("pending", b.pendingSectors, a.pendingSectors)
        pair("offline uncorrectable", b.offlineUncorrectable, a.offlineUncorrectable)
        pair("grown defects", b.grownDefects, a.grownDefects)
        let interface = (after.interface ?? before.interface).map { "\($0.uppercased()): " } ?? ""
        return Field(label, interface + (parts.isEmpty ? "read; no standard facts reported" : parts.joined(separator: ", ")))
    }

    static func state(_ r: HealthReading?) -> String {
        guard let r else { return "no reading" }
        switch r.status {
        case .notAvailable: return "not available (\(r.reason ?? "no health interface"))"
        case .failed: return "reading failed (\(r.reason ?? "no reason recorded"))"
        case .read:
            let f = r.facts
            let parts = [f.overallStatus.map { "status \($0.rawValue)" }, f.temperatureCelsius.map { "\($0) °C" },
                         f.reallocatedSectors.map { "\($0) reallocated" }, f.mediaErrors.map { "\($0) media errors" }].compactMap { $0 }
            return "read" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
        }
    }
}
