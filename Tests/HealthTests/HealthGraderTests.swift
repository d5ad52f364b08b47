import Foundation
import Health
import StorageModel
import Testing

/// The built-in rules at every threshold (just below, at, just above) and the rules file.
@Suite("Health grade rules")
struct HealthGraderTests {
    let grader = HealthGrader(rules: .default)

    func reading(_ facts: HealthFacts, attributes: [HealthAttribute] = []) -> HealthReading {
        HealthReading(status: .read, readAt: "2026-01-01T00:00:00Z", interface: "ata", facts: facts, attributes: attributes)
    }

    func grade(_ facts: HealthFacts) -> HealthGrade? { grader.grade(reading(facts)).grade }

    @Test(arguments: [(89, HealthGrade.reuse), (90, .reuseWithCaution), (91, .reuseWithCaution), (99, .reuseWithCaution),
                      (100, .doNotReuse), (101, .doNotReuse)])
    func percentageUsed(value: Int, expected: HealthGrade) {
        #expect(grade(HealthFacts(percentageUsed: value)) == expected)
    }

    @Test(arguments: [(UInt64(0), HealthGrade.reuse), (1, .reuseWithCaution), (99, .reuseWithCaution), (100, .reuseWithCaution),
                      (101, .doNotReuse)])
    func reallocatedSectors(value: UInt64, expected: HealthGrade) {
        #expect(grade(HealthFacts(reallocatedSectors: value)) == expected)
    }

    @Test(arguments: [(UInt64(0), HealthGrade.reuse), (1, .reuseWithCaution), (100, .reuseWithCaution), (101, .doNotReuse)])
    func grownDefects(value: UInt64, expected: HealthGrade) {
        #expect(grade(HealthFacts(grownDefects: value)) == expected)
    }

    @Test(arguments: [UInt64(0), 1, 2])
    func pendingOfflineAndMediaErrors(value: UInt64) {
        #expect(grade(HealthFacts(pendingSectors: value)) == (value > 0 ? .doNotReuse : .reuse))
        #expect(grade(HealthFacts(offlineUncorrectable: value)) == (value > 0 ? .doNotReuse : .reuse))
        #expect(grade(HealthFacts(mediaErrors: value)) == (value > 0 ? .reuseWithCaution : .reuse))
    }

    @Test(arguments: [(9, HealthGrade.doNotReuse), (10, .reuse), (11, .reuse)])
    func spareAgainstItsThreshold(spare: Int, expected: HealthGrade) {
        #expect(grade(HealthFacts(availableSparePercent: spare, availableSpareThresholdPercent: 10)) == expected)
    }

    @Test(arguments: [(UInt8(0x01), HealthGrade.doNotReuse, "critical-warning-spare"), (0x02, .reuseWithCaution, "critical-warning-temperature"),
                      (0x04, .doNotReuse, "critical-warning-reliability"), (0x08, .doNotReuse, "critical-warning-read-only"),
                      (0x10, .reuseWithCaution, "critical-warning-volatile-backup"), (0x00, .reuse, "")])
    func criticalWarningBits(bits: UInt8, expected: HealthGrade, code: String) {
        let (g, reasons) = grader.grade(reading(HealthFacts(criticalWarning: bits)))
        #expect(g == expected && reasons.map(\.code) == (code.isEmpty ? [] : [code]))
    }

    @Test func overallStatusAndFailingAttributes() {
        #expect(grade(HealthFacts(overallStatus: .failing)) == .doNotReuse)
        #expect(grade(HealthFacts(overallStatus: .passed)) == .reuse)
        func attribute(current: UInt8, threshold: UInt8?) -> HealthAttribute {
            HealthAttribute(id: 5, name: nil, flags: 0x33, current: current, worst: current, threshold: threshold, raw: "000000000000",
                            rawLayout: "raw48", rawValue: 0)
        }
        #expect(grader.grade(reading(HealthFacts(), attributes: [attribute(current: 11, threshold: 10)])).grade == .reuse)
        #expect(grader.grade(reading(HealthFacts(), attributes: [attribute(current: 10, threshold: 10)])).grade == .doNotReuse, "at the threshold")
        #expect(grader.grade(reading(HealthFacts(), attributes: [attribute(current: 9, threshold: 10)])).grade == .doNotReuse)
        #expect(grader.grade(reading(HealthFacts(), attributes: [attribute(current: 1, threshold: 0)])).grade == .reuse, "threshold 0: never fails")
    }

    @Test func oneReasonPerFactTheWorst() {
        let (g, reasons) = grader.grade(reading(HealthFacts(percentageUsed: 100, reallocatedSectors: 3)))
        #expect(g == .doNotReuse)
        #expect(reasons == [HealthReason(code: "percentage-used", grade: .doNotReuse, message: "percentage used 100 (at least 100)"),
                            HealthReason(code: "reallocated-sectors", grade: .reuseWithCaution, message: "reallocated sectors 3 (above 0)")])
    }

    @Test func wipeMediaErrorsAlwaysCount() {
        #expect(grader.grade(reading(HealthFacts()), wipeMediaErrorBytes: 0).grade == .reuse)
        let (g, reasons) = grader.grade(reading(HealthFacts()), wipeMediaErrorBytes: 1)
        #expect(g == .doNotReuse && reasons.map(\.code) == ["wipe-media-errors"])
        let none = HealthReading.notAvailable("loop device", at: "2026-01-01T00:00:00Z")
        #expect(grader.grade(none, wipeMediaErrorBytes: 4096).grade == .doNotReuse, "graded on the wipe's own errors")
        #expect(grader.grade(none).grade == nil, "nothing observed: not graded")
        #expect(grader.grade(nil).grade == nil)
        let lenient = HealthGrader(rules: HealthRules(version: "x", wipeMediaErrors: .reuseWithCaution, rules: []))
        #expect(lenient.grade(none, wipeMediaErrorBytes: 512).grade == .reuseWithCaution)
    }

    @Test func unreportedFactsNeverMatch() {
        #expect(grade(HealthFacts()) == .reuse)
        #expect(grade(HealthFacts(availableSparePercent: 5)) == .reuse, "no threshold reported")
    }

    @Test func theRecordGradesTheReadingAfterTheWipeWhenThereIsOne() {
        let before = reading(HealthFacts(reallocatedSectors: 0)), after = reading(HealthFacts(reallocatedSectors: 200))
        let info = HealthRecord.Rules(version: "expunge-default-1", source: "built-in", sha256: nil)
        #expect(grader.record(before: before, after: after, wipeMediaErrorBytes: 0, rules: info).grade == .doNotReuse)
        let failed = HealthReading(status: .failed, reason: "gone", readAt: "2026-01-01T00:00:00Z")
        #expect(grader.record(before: before, after: failed, wipeMediaErrorBytes: 0, rules: info).grade == .reuse)
    }

    // MARK: the rules file

    @Test func aRulesFileIsParsedAndChecked() throws {
        let text = #"{"version": "depot-1", "rules": [{"fact": "power-on-hours", "at_least": 40000, "grade": "reuse-with-caution"}]}"#
        let rules = try HealthRules.parse(Array(text.utf8), source: "test")
        #expect(rules.version == "depot-1" && rules.wipeMediaErrors == .doNotReuse && rules.rules.count == 1)
        let g = HealthGrader(rules: rules)
        #expect(g.grade(reading(HealthFacts(powerOnHours: 39_999))).grade == .reuse)
        #expect(g.grade(reading(HealthFacts(powerOnHours: 40_000))).grade == .reuseWithCaution)
        for bad in [#"{"version": "v", "rules": [{"fact": "power-on-hours", "grade": "reuse"}]}"#,
                    #"{"version": "v", "rules": [{"fact": "power-on-hours", "above": 1, "at_least": 2, "grade": "reuse"}]}"#,
                    #"{"version": "v", "rules": [{"fact": "overall-status-failing", "above": 0, "grade": "do-not-reuse"}]}"#,
                    #"{"version": "v", "rules": [{"fact": "colour", "above": 0, "grade": "do-not-reuse"}]}"#,
                    #"{"version": "", "rules": []}"#, #"{"rules": []}"#, "not json"] {
            #expect(throws: ExpungeError.self, "\(bad)") { try HealthRules.parse(Array(bad.utf8), source: "test") }
        }
    }

    @Test func aHomeWithoutAFileUsesTheDefaultAndAFileIsLoaded() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-health-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let none = try HealthRules.load(home: home)
        #expect(none.rules == .default && none.source == "built-in" && none.bytes == nil)
        let text = #"{"version": "depot-2", "wipe_media_errors": "reuse-with-caution", "rules": []}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: home + "/health-rules.json"))
        let file = try HealthRules.load(home: home)
        #expect(file.rules.version == "depot-2" && file.rules.wipeMediaErrors == .reuseWithCaution && file.source == home + "/health-rules.json")
        #expect(file.bytes == Array(text.utf8))
    }

    @Test func theDefaultRulesEncodeToTheDocumentedShape() throws {
        let data = try JSONEncoder().encode(HealthRules.default)
        #expect(try HealthRules.parse([UInt8](data), source: "round trip") == .default)
    }
}
