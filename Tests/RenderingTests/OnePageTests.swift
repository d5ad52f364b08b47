import Evidence
import Foundation
@testable import Rendering
import StorageModel
import Testing
import TestSupport

/// A certificate is one page on A4 and on Letter, whatever it holds: the committed examples, one
/// with a health section, a failed one with errors, and a Purge with firmware commands — with
/// every mandatory field and the health grade still on the page (pdfinfo, pdftotext).
@Suite struct OnePageTests {
    static let now = "2026-11-30T06:36:26Z"

    static func reading(_ temperature: Int, reallocated: UInt64) -> HealthReading {
        HealthReading(status: .read, readAt: now, interface: "nvme",
                      facts: HealthFacts(overallStatus: .passed, criticalWarning: 0, temperatureCelsius: temperature, availableSparePercent: 97,
                                         availableSpareThresholdPercent: 10, percentageUsed: 12, powerOnHours: 21_345, mediaErrors: 2,
                                         reallocatedSectors: reallocated, pendingSectors: 1, offlineUncorrectable: 0, grownDefects: 4))
    }

    static func health(_ grade: HealthGrade, mediaErrorBytes: UInt64 = 0) -> HealthRecord {
        HealthRecord(before: reading(31, reallocated: 3), after: reading(38, reallocated: 5), grade: grade,
                     reasons: [HealthReason(code: "reallocated-sectors", grade: .reuseWithCaution, message: "5 reallocated sectors (above 0)"),
                               HealthReason(code: "media-errors", grade: grade, message: "2 media errors recorded by the drive"),
                               HealthReason(code: "grown-defects", grade: .reuseWithCaution, message: "4 grown defects (above 0)")],
                     wipeMediaErrorBytes: mediaErrorBytes, rules: .init(version: "expunge-default-1", source: "built-in", sha256: nil))
    }

    static func firmware(_ o: inout WipeOutcome) {
        o.level = .purge
        o.technique = .firmware(.nvmeSanitizeBlockErase)
        o.passes = []
        o.firmware = FirmwareRecord(technique: .nvmeSanitizeBlockErase,
                                    commands: (1...7).map { i in
                                        FirmwareCommandRecord(name: "Sanitize \(i)", encoding: "opc=84 nsid=0 cdw10=00000002 cdw11=00000000",
                                                              response: "status 0x0000", accepted: i != 7, durationSeconds: 2) },
                                    deviceStatus: ["SSTAT 0101h", "SCDW10 00000002h", "SPROG 65535"], deviceReportedCompletion: true)
    }

    /// The hardest cases: everything optional present, lists at their caps.
    static func cases() -> [(String, WipeCertificate)] {
        let passedHealth = CertificateLayoutTests.certificate(.passed)
        var withHealth = passedHealth
        withHealth.health = health(.reuseWithCaution)
        var failed = CertificateLayoutTests.certificate(.failed) { o in
            o.errors = (1...9).map { i in WipeErrorRecord(operation: "write", range: ByteRange(offset: ByteCount(UInt64(i) * 4096), length: ByteCount(512)),
                                                          errno: "EIO", message: "Input/output error while writing the block") }
            o.verification.unreadableRanges = (1...7).map { i in ByteRange(offset: ByteCount(UInt64(i) * 1_048_576), length: ByteCount(4096)) }
        }
        failed.health = health(.doNotReuse, mediaErrorBytes: 512)
        failed.destination = "Recycling partner Łódź, pallet 7"
        var purge = CertificateLayoutTests.certificate(.failed) { o in firmware(&o) }
        purge.health = health(.doNotReuse)
        var purgePassed = CertificateLayoutTests.certificate(.passed) { o in firmware(&o) }
        purgePassed.health = health(.reuseWithCaution)
        return [("passed-health", withHealth), ("failed-errors-health", failed), ("purge-failed-health", purge), ("purge-passed-health", purgePassed)]
    }

    static func pages(_ bytes: [UInt8], scratch: RenderedPDFTests.Scratch, name: String) throws -> (pages: String, text: String) {
        let pdf = try scratch.write(bytes, name)
        let info = try RenderedPDFTests.run("pdfinfo", [pdf])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.map { String($0.dropFirst(6)).trimmingCharacters(in: .whitespaces) } ?? "?"
        return (pages, try RenderedPDFTests.run("pdftotext", [pdf, "-"]))
    }

    @Test(.enabled(if: RenderedPDFTests.available, Comment(rawValue: RenderedPDFTests.missingMessage)), arguments: Paper.allCases)
    func everyCaseIsOnePageWithTheHealthGrade(_ paper: Paper) throws {
        let scratch = try RenderedPDFTests.Scratch()
        let rendering = CertificateRendering(verifier: try RenderedPDFTests.demoVerifier(), paper: paper, verifyURL: "https://depot.example.com/")
        for (name, c) in Self.cases() {
            let loaded = CertificateRendering.Loaded(certificate: c, verified: CertificateLayoutTests.verified)
            let (pages, text) = try Self.pages(try rendering.pdf([loaded]), scratch: scratch, name: "\(name).pdf")
            #expect(pages == "1", "\(name) on \(paper): \(pages) pages")
            // A page drawn smaller to fit still carries a scannable code and embedded fonts.
            let pdf = scratch.directory.appendingPathComponent("\(name).pdf").path
            #expect(try RenderedPDFTests.decodeQR(pdf, scratch: scratch) == "https://depot.example.com/verify/\(c.certificateID)?sha256=\(CertificateLayoutTests.verified.sha256)",
                    "\(name) on \(paper): QR")
            #expect(try RenderedPDFTests.fontsAllEmbedded(pdf).0, "\(name) on \(paper): fonts")
            let grade = try #require(c.health?.grade)
            #expect(text.contains(grade.rawValue), "\(name): health grade")
            for want in [c.certificateID, c.assetID, c.result.rawValue.uppercased(), CertificateLayoutTests.verified.sha256, "Reason"] {
                #expect(text.contains(want), "\(name) on \(paper): \(want)")
            }
        }
        for name in ["passed", "failed"] {
            let loaded = try rendering.load(RenderedPDFTests.examples.appendingPathComponent("examples/\(name).json").path)
            #expect(try Self.pages(try rendering.pdf([loaded]), scratch: scratch, name: "\(name).pdf").pages == "1", "\(name) on \(paper)")
        }
    }

    @Test(.enabled(if: RenderedPDFTests.available, Comment(rawValue: RenderedPDFTests.missingMessage)))
    func aSignedCertificateWithHealthIsOnePage() throws {
        let station = try TestStation()
        let entry = try station.certify { $0.health = Self.health(.reuseWithCaution).withoutMediaErrorsReasons() }
        let rendering = CertificateRendering(verifier: DocumentVerifier(trust: station.trust, registry: .expunge))
        let loaded = try rendering.load(entry.documentPath)
        let (pages, text) = try Self.pages(try rendering.pdf([loaded]), scratch: try RenderedPDFTests.Scratch(), name: "signed.pdf")
        #expect(pages == "1")
        #expect(text.contains("reuse-with-caution"))
        #expect(loaded.certificate.health != nil)
    }
}

extension HealthRecord {
    /// Reasons graded no worse than reuse-with-caution (what a passed, error-free wipe can carry).
    func withoutMediaErrorsReasons() -> HealthRecord {
        var h = self
        h.reasons = h.reasons.map { var r = $0; r.grade = .reuseWithCaution; return r }
        return h
    }
}
