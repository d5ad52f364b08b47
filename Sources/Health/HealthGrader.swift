import StorageModel

/// Grades a drive from its health reading and the media errors its wipe found, with the
/// station's rules. Pure: the same facts and rules give the same grade.
public struct HealthGrader: Sendable {
    public let rules: HealthRules

    public init(rules: HealthRules) { self.rules = rules }

    /// The grade and its reasons (one per rule fact, the worst that applied, in rule order).
    /// `reading` is graded only when it was read; with no reading and no media error there is
    /// nothing to grade on, and the grade is nil.
    public func grade(_ reading: HealthReading?, wipeMediaErrorBytes: UInt64 = 0) -> (grade: HealthGrade?, reasons: [HealthReason]) {
        let read = reading?.status == .read ? reading : nil
        guard read != nil || wipeMediaErrorBytes > 0 else { return (nil, []) }
        var reasons: [HealthReason] = []
        if let read {
            for rule in rules.rules {
                guard let value = rule.fact.value(in: read), let reason = rule.reason(for: value) else { continue }
                if let i = reasons.firstIndex(where: { $0.code == reason.code }) {
                    if reason.grade > reasons[i].grade { reasons[i] = reason }
                } else {
                    reasons.append(reason)
                }
            }
        }
        if wipeMediaErrorBytes > 0 {
            reasons.append(HealthReason(code: "wipe-media-errors", grade: rules.wipeMediaErrors,
                                        message: "\(wipeMediaErrorBytes) bytes could not be written or read back during the wipe"))
        }
        return (reasons.map(\.grade).max() ?? .reuse, reasons)
    }

    /// The certificate's health section: the reading after the wipe is graded when it was read
    /// (counters only grow), else the one before.
    public func record(before: HealthReading?, after: HealthReading?, wipeMediaErrorBytes: UInt64, rules info: HealthRecord.Rules) -> HealthRecord {
        let graded = after?.status == .read ? after : before
        let (grade, reasons) = grade(graded, wipeMediaErrorBytes: wipeMediaErrorBytes)
        return HealthRecord(before: before, after: after, grade: grade, reasons: reasons, wipeMediaErrorBytes: wipeMediaErrorBytes, rules: info)
    }

    /// The bytes an outcome could not write or read back: its media errors.
    public static func mediaErrorBytes(_ outcome: WipeOutcome) -> UInt64 {
        (outcome.unwritableRanges + outcome.verification.unreadableRanges).reduce(0) { $0 + $1.length.bytes }
    }
}
