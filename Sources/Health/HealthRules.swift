import Foundation
import StorageModel

/// The station's reuse rules: `$EXPUNGE_HOME/health-rules.json` when present, else the built-in
/// default (`HealthRules.default`, documented in Docs/technician.md "Drive health"). The shape:
///
/// ```json
/// {"version": "depot-2026-1",
///  "wipe_media_errors": "do-not-reuse",
///  "rules": [{"fact": "percentage-used", "at_least": 90, "grade": "reuse-with-caution"},
///            {"fact": "overall-status-failing", "grade": "do-not-reuse"}]}
/// ```
///
/// Media errors found during the wipe itself (unwritable or unreadable bytes) always count: the
/// file chooses only the grade they give (`wipe_media_errors`, default `do-not-reuse`).
public struct HealthRules: Codable, Sendable, Hashable {
    public static let fileName = "health-rules.json"

    public var version: String
    public var wipeMediaErrors: HealthGrade
    public var rules: [HealthRule]

    public init(version: String, wipeMediaErrors: HealthGrade = .doNotReuse, rules: [HealthRule]) {
        self.version = version
        self.wipeMediaErrors = wipeMediaErrors
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey {
        case version
        case wipeMediaErrors = "wipe_media_errors"
        case rules
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(String.self, forKey: .version)
        wipeMediaErrors = try c.decodeIfPresent(HealthGrade.self, forKey: .wipeMediaErrors) ?? .doNotReuse
        rules = try c.decode([HealthRule].self, forKey: .rules)
    }

    /// The built-in rules.
    public static let `default` = HealthRules(version: "expunge-default-1", rules: [
        HealthRule(.overallStatusFailing, grade: .doNotReuse),
        HealthRule(.attributeFailingNow, grade: .doNotReuse),
        HealthRule(.criticalWarningSpare, grade: .doNotReuse),
        HealthRule(.criticalWarningReliability, grade: .doNotReuse),
        HealthRule(.criticalWarningReadOnly, grade: .doNotReuse),
        HealthRule(.criticalWarningVolatileBackup, grade: .reuseWithCaution),
        HealthRule(.criticalWarningTemperature, grade: .reuseWithCaution),
        HealthRule(.spareBelowThreshold, grade: .doNotReuse),
        HealthRule(.percentageUsed, atLeast: 100, grade: .doNotReuse),
        HealthRule(.percentageUsed, atLeast: 90, grade: .reuseWithCaution),
        HealthRule(.reallocatedSectors, above: 100, grade: .doNotReuse),
        HealthRule(.reallocatedSectors, above: 0, grade: .reuseWithCaution),
        HealthRule(.pendingSectors, above: 0, grade: .doNotReuse),
        HealthRule(.offlineUncorrectable, above: 0, grade: .doNotReuse),
        HealthRule(.mediaErrors, above: 0, grade: .reuseWithCaution),
        HealthRule(.grownDefects, above: 100, grade: .doNotReuse),
        HealthRule(.grownDefects, above: 0, grade: .reuseWithCaution),
    ])

    /// Decodes and checks a rules file's bytes.
    public static func parse(_ bytes: [UInt8], source: String) throws(ExpungeError) -> HealthRules {
        let rules: HealthRules
        do { rules = try JSONDecoder().decode(HealthRules.self, from: Data(bytes)) } catch {
            throw ExpungeError(.badInput, code: "health-rules-invalid", "\(source) is not a valid rules file: \(Self.describe(error))",
                               remedy: "fix it (see Docs/technician.md, \"Drive health\"), or remove it to use the built-in rules")
        }
        let problems = rules.rules.compactMap(\.problem) + (rules.version.isEmpty ? ["version is empty"] : [])
        guard problems.isEmpty else {
            throw ExpungeError(.badInput, code: "health-rules-invalid", "\(source): " + problems.joined(separator: "; "),
                               remedy: "fix it (see Docs/technician.md, \"Drive health\"), or remove it to use the built-in rules")
        }
        return rules
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): c.debugDescription
        case DecodingError.keyNotFound(let k, _): "missing \(k.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        default: "\(error)"
        }
    }

    /// The rules of a station home (`<home>/health-rules.json`), with the file's bytes for its
    /// digest; the default (and nil bytes) when there is no file. A file that exists but cannot
    /// be read or decoded is an error: a station never grades with rules other than its own.
    public static func load(home: String) throws(ExpungeError) -> (rules: HealthRules, source: String, bytes: [UInt8]?) {
        let path = home + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return (.default, "built-in", nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExpungeError(.permission, code: "health-rules-unreadable", "cannot read \(path)", remedy: "check its permissions")
        }
        let bytes = [UInt8](data)
        return (try parse(bytes, source: path), path, bytes)
    }
}
