import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

/// The certificate's `health` section (schema version 2): it validates against the JSON Schema,
/// verifies, and may claim only what its readings support; version 1 certificates stay valid.
@Suite("Certificate health section")
struct HealthSectionTests {
    static let now = Timestamp.rfc3339(Date())

    static func reading() -> HealthReading {
        HealthReading(status: .read, readAt: now, interface: "ata",
                      commands: [FirmwareCommandRecord(name: "SMART READ DATA", encoding: "85 08 0E 00 D0 00 01 00 00 4F 00 C2 00 40 B0 00",
                                                       response: "GOOD", accepted: true, durationSeconds: 0.01)],
                      facts: HealthFacts(overallStatus: .passed, temperatureCelsius: 31, powerOnHours: 1200, reallocatedSectors: 3, pendingSectors: 0),
                      attributes: [HealthAttribute(id: 5, name: "Reallocated Sectors Count", flags: 0x33, current: 100, worst: 100, threshold: 10,
                                                   raw: "030000000000", rawLayout: "raw48", rawValue: 3)],
                      statistics: [HealthStatistic(source: "ata-device-statistics", page: 1, location: 0x10, name: "Power-on Hours", value: 1200)])
    }

    static func record(grade: HealthGrade? = .reuseWithCaution, reasons: [HealthReason]? = nil, mediaErrorBytes: UInt64 = 0,
                       before: HealthReading? = reading(), after: HealthReading? = reading()) -> HealthRecord {
        HealthRecord(before: before, after: after, grade: grade,
                     reasons: reasons ?? [HealthReason(code: "reallocated-sectors", grade: .reuseWithCaution, message: "3 reallocated sectors (above 0)")],
                     wipeMediaErrorBytes: mediaErrorBytes, rules: .init(version: "expunge-default-1", source: "built-in", sha256: nil))
    }

    func problems(_ outcome: WipeOutcome = TestStation.outcome(), edit: (inout WipeCertificate) -> Void) throws -> [String] {
        let station = try TestStation()
        let entry = try station.certify(outcome, edit: edit)
        return DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath).problems
    }

    @Test func aCertificateWithHealthVerifiesAndMatchesTheSchema() throws {
        let station = try TestStation()
        let notAvailable = HealthReading.notAvailable("loop device: no drive firmware holds health data", at: Self.now)
        let failed = TestStation.outcome(.failed)
        let entries = [
            try station.certify { $0.health = Self.record() },
            try station.certify { $0.health = HealthRecord(before: notAvailable, after: notAvailable, grade: nil, reasons: [], wipeMediaErrorBytes: 0,
                                                          rules: .init(version: "expunge-default-1", source: "built-in", sha256: nil)) },
            try station.certify(failed) { $0.health = Self.record(grade: .doNotReuse, reasons: [
                HealthReason(code: "wipe-media-errors", grade: .doNotReuse, message: "512 bytes could not be written or read back")],
                mediaErrorBytes: 512, before: notAvailable, after: notAvailable) },
            try station.certify(),
        ]
        for e in entries {
            #expect(DocumentVerifier(trust: station.trust).verifyDocument(at: e.documentPath).problems.isEmpty, "\(e.documentPath)")
        }
        let text = try String(contentsOfFile: entries[0].documentPath, encoding: .utf8)
        #expect(text.contains("\"schema_version\" : \(WipeCertificate.schemaVersion)") && text.contains("\"wipe_media_error_bytes\" : 0"))
        let problems = try SchemaValidator.errors(files: entries.map(\.documentPath),
                                                  schema: SchemaValidator.schema("Certificates/schema/wipe-certificate.schema.json"))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test func versionOneCertificatesStayValidAndCannotCarryHealth() throws {
        #expect(try problems { $0.write(asVersion: 1) }.isEmpty)
        #expect(try problems { $0.write(asVersion: 1); $0.health = Self.record() } == ["a health section in a schema_version 1 certificate"])
    }

    @Test func theGradeMustBeTheWorstOfItsReasons() throws {
        #expect(try problems { $0.health = Self.record(grade: .reuse) }
                == ["health grade reuse is not the worst grade of its reasons (reuse-with-caution)"])
        #expect(try problems { $0.health = Self.record(grade: .reuse, reasons: []) }.isEmpty)
        #expect(try problems { $0.health = Self.record(grade: nil) } == ["health reasons without a grade"])
    }

    @Test func noGradeWithoutSomethingObserved() throws {
        let none = HealthReading.notAvailable("virtual device", at: Self.now)
        #expect(try problems { $0.health = Self.record(grade: .reuse, reasons: [], before: none, after: none) }
                == ["health graded reuse with no reading and no media error to grade on"])
    }

    @Test func mediaErrorsFoundDuringTheWipeMustMatchAndCount() throws {
        #expect(try problems { $0.health = Self.record(mediaErrorBytes: 4096) }
                == ["health wipe_media_error_bytes 4096 disagrees with the 0 unwritable and unreadable bytes recorded",
                    "health graded without counting the media errors found during the wipe"])
        let failed = TestStation.outcome(.failed)  // 512 unwritable bytes
        #expect(try problems(failed) { $0.health = Self.record(mediaErrorBytes: 512) }
                == ["health graded without counting the media errors found during the wipe"])
    }

    @Test func aReadingNotTakenHasAReasonAndNoFacts() throws {
        var bad = Self.reading()
        bad.status = .failed
        #expect(try problems { $0.health = Self.record(after: bad) }
                == ["health after reading failed without a reason", "health after reading failed but with facts"])
    }
}
