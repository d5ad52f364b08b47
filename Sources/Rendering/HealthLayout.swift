import StorageModel

/// The certificate's `health` section (schema version 2) as a page section: the grade as
/// observed with its reasons, then what each reading found. Only facts the drive reported are
/// shown; a reading that was not taken says why.
public enum HealthLayout {
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
        for r in h.reasons.prefix(6) { fields.append(Field("Reason", "\(r.grade.rawValue): \(r.message)")) }
        if h.reasons.count > 6 { fields.append(Field("Reason", "… and \(h.reasons.count - 6) more in the signed record")) }
        if h.wipeMediaErrorBytes > 0 {
            fields.append(Field("Media errors in the wipe", ByteCount(h.wipeMediaErrorBytes).decimalDescription + " unreadable or unwritable", tone: .caution))
        }
        fields.append(reading("Before the wipe", h.before))
        fields.append(reading("After the wipe", h.after))
        fields.append(Field("Rules", "version \(h.rules.version), \(h.rules.source)"))
        return Section("Drive health", fields)
    }

    static func reading(_ label: String, _ r: HealthReading?) -> Field {
        guard let r else { return Field(label, "no reading") }
        switch r.status {
        case .notAvailable: return Field(label, "not available: \(r.reason ?? "no health interface")")
        case .failed: return Field(label, "reading failed: \(r.reason ?? "no reason recorded")", tone: .caution)
        case .read:
            let f = r.facts
            var parts: [String] = []
            if let s = f.overallStatus { parts.append("status \(s.rawValue)") }
            if let c = f.criticalWarning { parts.append("critical warning \(c == 0 ? "none" : "0x" + String(c, radix: 16))") }
            if let t = f.temperatureCelsius { parts.append("\(t) °C") }
            if let s = f.availableSparePercent { parts.append("spare \(s) %" + (f.availableSpareThresholdPercent.map { " (threshold \($0) %)" } ?? "")) }
            if let u = f.percentageUsed { parts.append("\(u) % used") }
            if let h = f.powerOnHours { parts.append("\(h) power-on hours") }
            if let m = f.mediaErrors { parts.append("\(m) media errors") }
            if let s = f.reallocatedSectors { parts.append("\(s) reallocated sectors") }
            if let p = f.pendingSectors { parts.append("\(p) pending sectors") }
            if let o = f.offlineUncorrectable { parts.append("\(o) offline uncorrectable") }
            if let g = f.grownDefects { parts.append("\(g) grown defects") }
            let interface = r.interface.map { "\($0.uppercased()): " } ?? ""
            return Field(label, interface + (parts.isEmpty ? "read; no standard facts reported" : parts.joined(separator: ", ")))
        }
    }
}
