import Evidence
import Foundation
import RecordStoreContract
import Records
import Reports
import StorageModel
import Testing
import TestSupport

@Suite("Reports: CSRD figures, golden files, evidence pack")
struct ReportTests {
    static let period = try! ReportPeriod(from: "2026-01-01", to: "2026-01-31")
    static let generatedAt = "2026-02-01T08:00:00Z"

    @Test func csrdTotalsMatchTheHandComputedFixture() async {
        let r = CSRDResourceOutflows.build(disposals: Fixtures.csrdDisposals.filter { $0.disposedOn >= "2026-01-01" },
                                           period: Self.period, generatedAt: Self.generatedAt)
        func v(_ element: String, _ hazard: String? = nil, _ member: String? = nil) async -> Double? {
            var axes: [String: String] = [:]
            if let hazard { axes["esrs:TypeOfWasteAxis"] = hazard }
            if let member { axes[member.contains("Incineration") || member.contains("Landfill") || member.contains("OtherDisposal")
                                ? "esrs:TypeOfWasteTreatmentAxis" : "esrs:TypeOfRecoveryOperationsAxis"] = member }
            return r.figure(element, axes)?.value
        }
        let h = "esrs:HazardousWasteMember", n = "esrs:NonhazardousWasteMember"
        // 14.0 kg of waste: 1.5 + 6.0 + 2.0 + 0.5 + 0.25 + 3.0 + 0.75.
        await #expect(v("esrs:WasteGenerated") == 0.014)
        await #expect(v("esrs:WasteGeneratedDivertedFromDisposal") == 0.010)
        await #expect(v("esrs:WasteGeneratedDivertedFromDisposal", h, "esrs:RecyclingMember") == 0.006)
        await #expect(v("esrs:WasteGeneratedDivertedFromDisposal", n, "esrs:RecyclingMember") == 0.0015)
        await #expect(v("esrs:WasteGeneratedDivertedFromDisposal", n, "esrs:PreparationForReuseMember") == 0.002)
        await #expect(v("esrs:WasteGeneratedDivertedFromDisposal", n, "esrs:OtherRecoveryOperationsMember") == 0.0005)
        await #expect(v("esrs:WasteGeneratedDivertedFromDisposal", h, "esrs:PreparationForReuseMember") == 0)
        await #expect(v("esrs:WasteGeneratedDirectedToDisposal") == 0.004)
        await #expect(v("esrs:WasteGeneratedDirectedToDisposal", h, "esrs:IncinerationMember") == 0.00025)
        await #expect(v("esrs:WasteGeneratedDirectedToDisposal", n, "esrs:LandfillMember") == 0.003)
        await #expect(v("esrs:WasteGeneratedDirectedToDisposal", n, "esrs:OtherDisposalOperationsMember") == 0.00075)
        await #expect(v("esrs:NonrecycledWaste") == 0.0065)          // 14.0 − 7.5 recycled
        await #expect(v("esrs:PercentageOfNonrecycledWaste") == 46.43) // 6.5 / 14.0
        await #expect(v("esrs:HazardousWaste") == 0.00625)           // 6.0 + 0.25
        await #expect(v("esrs:RadioactiveWaste") == 0)
        #expect(r.weightBasis.measuredTonnes == 0.00525)       // 1.5 + 0.5 + 0.25 + 3.0
        #expect(r.weightBasis.measuredShare == 0.375)
        #expect(r.weightBasis.recordsCategoryDefault == 1 && r.weightBasis.recordsFromRegister == 2)
        #expect(r.reusedOutsideWaste.devices == 2)
        #expect(r.reusedOutsideWaste.tonnes == 0.00301)        // 1.65 + 1.36, not in §37
        #expect(r.nonRecycledAlternativeTonnes == 0.0045)      // other recovery + disposal
    }

    /// The store behind the golden files: three assets, four attempts, two disposals.
    func goldenStore() async throws -> TemporaryStore {
        let t = try TemporaryStore()
        try await t.store.importAssets([Fixtures.asset("LAP-1", weight: 1.36), Fixtures.asset("LAP-2"),
                                  Fixtures.asset("=cmd|' /C calc'!A0", customer: "Evil, \"Quoted\" Ltd")]) { _ in }
        for c in [Fixtures.certificate("DEPOT-1-000001", asset: "LAP-1", serial: "S3Z9NB0K1", result: .passed, ended: "2026-01-05T10:30:00Z", sequence: 1),
                  Fixtures.certificate("DEPOT-1-000002", asset: "LAP-2", serial: "WD-WCC6Y0", result: .failed, ended: "2026-01-06T11:00:00Z", sequence: 2),
                  Fixtures.certificate("DEPOT-1-000003", asset: "LAP-2", serial: "WD-WCC6Y0", result: .passed, ended: "2026-01-07T12:00:00Z", sequence: 3),
                  Fixtures.certificate("DEPOT-1-000004", asset: "=cmd|' /C calc'!A0", serial: "+SUM(1)", result: .passed, ended: "2026-01-08T09:00:00Z", sequence: 4)] {
            try await t.store.index(certificate: c)
        }
        try await t.store.index(disposal: Fixtures.disposal("DEPOT-1-000005", asset: "LAP-1", route: .resale, kg: 1.36, source: .register, ewc: nil, on: "2026-01-20"))
        try await t.store.index(disposal: Fixtures.disposal("DEPOT-1-000006", asset: "LAP-2", route: .recycling, kg: 1.7, source: .measured, ewc: "16 02 14", on: "2026-01-21"))
        return t
    }

    /// Compares with `Golden/<name>`; `EXPUNGE_UPDATE_GOLDEN=1` rewrites the files.
    func checkGolden(_ name: String, _ text: String) async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["EXPUNGE_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: path)
            return
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file (EXPUNGE_UPDATE_GOLDEN=1 to accept a deliberate change)")
    }

    @Test(arguments: ReportFormat.allCases)
    func gdprRegisterMatchesGoldenFile(format: ReportFormat) async throws {
        let t = try await goldenStore()
        var rows = 0
        try await GDPRErasureRegister.forEachRow(store: t.store, period: Self.period) { _ in rows += 1 }
        #expect(rows == 4)
        try await checkGolden("gdpr.\(format.rawValue)", try await GDPRErasureRegister.render(store: t.store, period: Self.period,
                                                                                  generatedAt: Self.generatedAt, format: format))
    }

    @Test(arguments: ReportFormat.allCases)
    func csrdReportMatchesGoldenFile(format: ReportFormat) async throws {
        let r = CSRDResourceOutflows.build(disposals: Fixtures.csrdDisposals.filter { $0.disposedOn >= "2026-01-01" },
                                           period: Self.period, generatedAt: Self.generatedAt)
        try await checkGolden("csrd.\(format.rawValue)", try r.render(format))
    }

    /// Two namespaces of one NVMe controller share its serial: the register tells them apart and
    /// says the attempt covered part of the drive only.
    @Test func gdprRegisterTellsNamespacesApart() async throws {
        let t = try TemporaryStore()
        try await t.store.importAssets([Fixtures.asset("SRV-9")]) { _ in }
        try await t.store.index(certificate: Fixtures.namespaceCertificate("DEPOT-1-000011", asset: "SRV-9", serial: "CTRL-9", nsid: 1, others: [2],
                                                                           ended: "2026-01-09T10:00:00Z", sequence: 11))
        try await t.store.index(certificate: Fixtures.namespaceCertificate("DEPOT-1-000012", asset: "SRV-9", serial: "CTRL-9", nsid: 2, others: [1],
                                                                           result: .failed, ended: "2026-01-09T11:00:00Z", sequence: 12))
        var rows: [GDPRErasureRegister.Row] = []
        try await GDPRErasureRegister.forEachRow(store: t.store, period: Self.period) { rows.append($0) }
        #expect(rows.map(\.deviceNamespace) == [1, 2])
        #expect(rows.allSatisfy { $0.deviceSerial == "CTRL-9" && !$0.wholeDevice })
        let csv = try CSVTable.parse(try await GDPRErasureRegister.render(store: t.store, period: Self.period, generatedAt: Self.generatedAt, format: .csv))
        let header = try #require(csv.first).fields
        let ns = try #require(header.firstIndex(of: "device_namespace")), whole = try #require(header.firstIndex(of: "whole_device"))
        #expect(csv.dropFirst().map { $0.fields[ns] } == ["1", "2"] && csv.dropFirst().allSatisfy { $0.fields[whole] == "false" })
        let html = try await GDPRErasureRegister.render(store: t.store, period: Self.period, generatedAt: Self.generatedAt, format: .html)
        #expect(html.contains("CTRL-9 · namespace 2") && html.contains("(part of the drive only)"))
    }

    @Test func gdprCSVIsSafeForSpreadsheets() async throws {
        let t = try await goldenStore()
        let csv = try await GDPRErasureRegister.render(store: t.store, period: Self.period, generatedAt: Self.generatedAt, format: .csv)
        let records = try CSVTable.parse(csv)
        for r in records { for cell in r.fields { #expect(!["=", "+", "-", "@"].contains(cell.first ?? " "), "\(cell)") } }
        #expect(csv.contains("\"'=cmd|' /C calc'!A0\""))
        #expect(csv.contains("\"Evil, \"\"Quoted\"\" Ltd\""))
        let html = try await GDPRErasureRegister.render(store: t.store, period: Self.period, generatedAt: Self.generatedAt, format: .html)
        #expect(!html.contains("Evil, \"Quoted\""), "HTML is escaped")
        #expect(html.contains("Evil, &quot;Quoted&quot; Ltd"))
    }

    @Test func evidencePackRoundTripAndTamperDetection() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-9", weight: 1.5), Fixtures.asset("OTHER-1", customer: "Other plc", weight: 2)]) { _ in }
        for asset in ["LAP-9", "OTHER-1"] {
            let entry = try station.certify(TestStation.outcome(.passed), asset: asset)
            let c = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
            try await t.store.index(certificate: CertificateIndexEntry(c, sha256: entry.sha256, path: entry.documentPath))
        }
        let desk = DisposalDesk(store: t.store, ledger: station.ledger, signer: station.signer, tool: TestStation.tool, trust: station.trust)
        _ = try await desk.record(DisposalRequest(assetID: "LAP-9", route: .resale, recipient: "Refurb GmbH"))
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        let period = try ReportPeriod(from: "2026-01-01", to: today)
        let pack = URL(fileURLWithPath: t.directory + "/pack.zip")
        let anchor = [UInt8](try #require(FileManager.default.contents(atPath: station.store.trustPath)))
        let manifest = try await EvidencePack.build(store: t.store, signer: station.signer, trustAnchorPEM: anchor, period: period,
                                              customer: "Acme Corp", generatedAt: Timestamp.rfc3339(Date()), output: pack)
        #expect(manifest.files.contains { $0.path == "reports/csrd-e5-5.html" })
        #expect(manifest.files.filter { $0.path.hasPrefix("certificates/") }.count == 2, "only the customer's certificate (json + p7s)")

        let verdict = try EvidencePack.verify(pack: pack, trust: station.trust)
        #expect(verdict.isValid, "\(verdict.manifestProblems) \(verdict.documents.documents.map(\.problems)) \(verdict.documents.chains)")
        #expect(verdict.documents.documents.count == 2)

        // Untrusted anchor: the manifest signature and every document fail.
        let stranger = try TestStation()
        #expect(!(try EvidencePack.verify(pack: pack, trust: stranger.trust).isValid))
    }
}
