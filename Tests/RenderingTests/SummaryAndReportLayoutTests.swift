import Evidence
import Foundation
import Records
import Reports
@testable import Rendering
import StorageModel
import Testing
import TestSupport

/// Asset summaries, labels and report PDFs: what their layout models say.
@Suite struct SummaryAndReportLayoutTests {
    static func loaded(_ result: WipeResult, serial: String, sequence: UInt64, issuedAt: String = "2026-11-30T06:36:26Z") -> CertificateRendering.Loaded {
        var outcome = TestStation.outcome(result)
        outcome.identityAtStart = TestStation.identity(serial: serial)
        outcome.identityAtEnd = outcome.identityAtStart
        let c = WipeCertificate(outcome: outcome, position: LedgerPosition(station: "TEST-ST", sequence: sequence, previousSHA256: nil, issuedAt: issuedAt),
                                station: StationInfo(name: "TEST-ST", organization: "Org", location: nil, hostname: "h"), operatorID: "op",
                                assetID: "LAP-1", customer: "Müller GmbH", tool: TestStation.tool)
        let v = VerifiedDocument(name: "/l/TEST-ST-\(sequence).json", bytes: [], sha256: String(format: "%064x", sequence), signer: "CN=TEST-ST",
                                 signerFingerprint: String(repeating: "f", count: 64), documentType: WipeCertificate.documentType)
        return CertificateRendering.Loaded(certificate: c, verified: v)
    }

    static func banner(_ d: PageDocument) -> (String, Tone)? {
        for b in d.blocks { if case .banner(let h, _, let t) = b { return (h, t) } }
        return nil
    }

    @Test func anAssetPassesOnlyWhenEveryDevicesLatestAttemptPassed() throws {
        let first = Self.loaded(.failed, serial: "A", sequence: 1, issuedAt: "2026-11-30T06:00:00Z")
        let retry = Self.loaded(.passed, serial: "A", sequence: 2, issuedAt: "2026-11-30T07:00:00Z")
        let other = Self.loaded(.passed, serial: "B", sequence: 3)
        let ok = AssetSummaryLayout.document(assetID: "LAP-1", certificates: [first, retry, other], disposals: [], paper: .a4, generatedAt: "2026-12-01T00:00:00Z")
        #expect(Self.banner(ok)?.0 == "ALL 2 DEVICES PASSED")
        #expect(Self.banner(ok)?.1 == .passed)
        #expect(ok.plainText.contains("1 earlier attempt on these devices is not listed"))
        #expect(!ok.plainText.contains("TEST-ST-000001 |"))
        #expect(ok.plainText.contains("No disposal record"))

        let bad = AssetSummaryLayout.document(assetID: "LAP-1", certificates: [retry, Self.loaded(.aborted, serial: "B", sequence: 4)], disposals: [],
                                              paper: .a4, generatedAt: "2026-12-01T00:00:00Z")
        #expect(Self.banner(bad)?.0.hasPrefix("NOT SANITIZED: 1 of 2 devices") == true)
        #expect(Self.banner(bad)?.1 == .caution)
        let failed = AssetSummaryLayout.document(assetID: "LAP-1", certificates: [first], disposals: [], paper: .a4, generatedAt: "2026-12-01T00:00:00Z")
        #expect(Self.banner(failed)?.1 == .failed)
        let none = AssetSummaryLayout.document(assetID: "LAP-1", certificates: [], disposals: [], paper: .a4, generatedAt: "2026-12-01T00:00:00Z")
        #expect(Self.banner(none)?.1 == .caution)
    }

    @Test(arguments: WipeResult.allCases)
    func labelsSayTheResultInItsColour(_ result: WipeResult) {
        let l = Self.loaded(result, serial: "S1", sequence: 9)
        let label = LabelLayout.label(l.certificate, verified: l.verified, verifyURL: "https://d.example")
        #expect(label.tone == Tone(result))
        #expect(label.headline == (result == .passed ? "PASSED · Clear" : result.rawValue.uppercased()))
        #expect(Array(label.lines.prefix(3)) == ["Asset LAP-1", "TEST-ST-000009", String(l.certificate.endedAt.prefix(10))])
        #expect(label.qrText == "https://d.example/verify/TEST-ST-000009?sha256=\(l.verified.sha256)")
    }

    @Test func theBatchReportCountsEveryResultAndRendersItsTotals() throws {
        let rows = [Self.loaded(.passed, serial: "A", sequence: 1), Self.loaded(.failed, serial: "B", sequence: 2), Self.loaded(.passed, serial: "A", sequence: 3)]
            .map { BatchReport.Row($0.certificate, sha256: $0.verified.sha256) }
        let report = BatchReport(period: try ReportPeriod(from: "2026-01-01", to: "2026-12-31"), station: "TEST-ST", generatedAt: "2026-12-01T00:00:00Z", rows: rows)
        #expect(report.totals.attempts == 3)
        #expect(report.totals.devices == 2)
        #expect(report.totals.byResult == ["passed": 2, "failed": 1, "aborted": 0, "interrupted": 0, "unverified": 0])
        #expect(report.totals.passedBytes == 2 * TestStation.identity().capacity.bytes)
        let page = ReportLayout.batch(report, paper: .a4)
        #expect(page.pageSize.width > page.pageSize.height)
        #expect(page.plainText.contains("3 attempts on 2 devices of 1 asset: 2 passed, 0 unverified, 1 failed, 0 aborted, 0 interrupted"))
        #expect(page.plainText.contains("failed\nwrite-errors"))
        let csv = try report.render(.csv)
        #expect(csv.split(separator: "\r\n").count == 4)
        #expect(try PDFRenderer.render([page]).starts(with: Array("%PDF".utf8)))
    }
}

@Suite struct QRMatrixTests {
    @Test(arguments: ["ab", String(repeating: "0f", count: 32), "https://depot.example.com/verify/DEPOT-1-000042?sha256=" + String(repeating: "e3", count: 32)])
    func rectanglesCoverExactlyTheDarkModules(_ text: String) throws {
        let qr = try QRMatrix(text)
        var covered = [Int](repeating: 0, count: qr.width * qr.width)
        for r in qr.rectangles() {
            for row in r.row..<(r.row + r.height) { for col in r.column..<(r.column + r.width) { covered[row * qr.width + col] += 1 } }
        }
        for row in 0..<qr.width {
            for col in 0..<qr.width { #expect(covered[row * qr.width + col] == (qr.isDark(row: row, column: col) ? 1 : 0)) }
        }
        #expect(qr.width >= 21 && (qr.width - 17) % 4 == 0)
    }
}
