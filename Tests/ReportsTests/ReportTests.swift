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

    static func csrdFixtureReport() -> CSRDResourceOutflows {
        CSRDResourceOutflows.build(disposals: Fixtures.csrdDisposals.filter { $0.disposedOn >= "2026-01-01" }, period: period,
                                   generatedAt: generatedAt, scope: .init(organisation: "Recycling Depot GmbH"))
    }

    /// Every figure recomputed by hand from the fixture, in grams (the sums are exact integers).
    @Test func csrdTotalsMatchTheHandComputedFixture() {
        let r = Self.csrdFixtureReport()
        func g(_ element: String, _ hazard: String? = nil, _ member: String? = nil) -> Int64? {
            var axes: [String: String] = [:]
            if let hazard { axes["esrs:TypeOfWasteAxis"] = hazard }
            if let member { axes[member.contains("Incineration") || member.contains("Landfill") || member.contains("OtherDisposal")
                                ? "esrs:TypeOfWasteTreatmentAxis" : "esrs:TypeOfRecoveryOperationsAxis"] = member }
            return r.figure(element, axes)?.grams
        }
        let h = "esrs:HazardousWasteMember", n = "esrs:NonhazardousWasteMember"
        // Waste: 1 500 + 6 000 + 2 000 + 500 + 250 + 3 000 + 750 + 12 = 14 012 g.
        let waste: Int64 = 1_500 + 6_000 + 2_000 + 500 + 250 + 3_000 + 750 + 12
        #expect(g("esrs:WasteGenerated") == waste)
        #expect(g("esrs:WasteGeneratedDivertedFromDisposal") == 10_012)   // 1 500 + 6 000 + 2 000 + 500 + 12
        #expect(g("esrs:WasteGeneratedDivertedFromDisposal", h, "esrs:RecyclingMember") == 6_000)
        #expect(g("esrs:WasteGeneratedDivertedFromDisposal", n, "esrs:RecyclingMember") == 1_512)   // 1 500 + 12
        #expect(g("esrs:WasteGeneratedDivertedFromDisposal", n, "esrs:PreparationForReuseMember") == 2_000)
        #expect(g("esrs:WasteGeneratedDivertedFromDisposal", n, "esrs:OtherRecoveryOperationsMember") == 500)
        #expect(g("esrs:WasteGeneratedDivertedFromDisposal", h, "esrs:PreparationForReuseMember") == 0)
        #expect(g("esrs:WasteGeneratedDirectedToDisposal") == 4_000)   // 250 + 3 000 + 750
        #expect(g("esrs:WasteGeneratedDirectedToDisposal", h, "esrs:IncinerationMember") == 250)
        #expect(g("esrs:WasteGeneratedDirectedToDisposal", n, "esrs:LandfillMember") == 3_000)
        #expect(g("esrs:WasteGeneratedDirectedToDisposal", n, "esrs:OtherDisposalOperationsMember") == 750)
        let recycled: Int64 = 6_000 + 1_500 + 12
        #expect(g("esrs:NonrecycledWaste") == waste - recycled)                  // 6 500
        // 6 500 / 14 012 = 46.389 %: printed 46.39.
        #expect(r.figure("esrs:PercentageOfNonrecycledWaste")?.text == "46.39")
        #expect(r.figure("esrs:PercentageOfNonrecycledWaste")?.value == Decimal(string: "46.39"))
        #expect(g("esrs:HazardousWaste") == 6_250)   // 6 000 + 250
        #expect(g("esrs:RadioactiveWaste") == 0)
        #expect(r.weightBasis.measuredTonnes == Grams(1_500 + 500 + 250 + 3_000 + 12))
        #expect(r.weightBasis.estimatedTonnes == Grams(6_000 + 2_000 + 750))
        #expect(r.weightBasis.measuredShare == Decimal(string: "0.3755"))          // 5 262 / 14 012
        #expect(r.weightBasis.records == 8 && r.weightBasis.recordsMeasured == 5)
        #expect(r.weightBasis.recordsCategoryDefault == 1 && r.weightBasis.recordsFromRegister == 2)
        // A8 (resold, then donated) counts once, by its latest record; A9 once: 1 650 + 1 360 g.
        #expect(r.reusedOutsideWaste.devices == 2)
        #expect(r.reusedOutsideWaste.tonnes == Grams(1_650 + 1_360))
        #expect(r.reusedOutsideWaste.byRoute == ["donation": 2])
        #expect(r.nonRecycledAlternativeTonnes == Grams(500 + 250 + 3_000 + 750)) // other recovery + disposal

        // The appendix: every record of the period, and how it counted.
        #expect(r.records.count == 11)
        #expect(r.records.first { $0.recordID == "STATION-A-000008" }?.countedAs == .laterRecordCounts)
        #expect(r.records.first { $0.recordID == "STATION-B-000011" }?.countedAs == .reusedOutsideWaste)
        #expect(r.records.filter { $0.countedAs == .waste }.count == 8)
        #expect(r.stations == ["STATION-A", "STATION-B"] && r.organisation == "Recycling Depot GmbH")
    }

    /// The small figures are not rounded away, and every format prints the same digits.
    @Test func csrdFiguresAreTheSameInEveryFormat() throws {
        let r = Self.csrdFixtureReport()
        let csv = try r.render(.csv), html = try r.render(.html), json = try r.render(.json)
        for f in r.figures {
            #expect(f.grams.map { $0 == 0 || f.text != Grams.zero.tonnesText } ?? true, "\(f.label) prints as zero")
            #expect(csv.contains(",\(f.text),"), "\(f.label) in CSV")
            #expect(html.contains(">\(f.text) \(f.unit)<"), "\(f.label) in HTML")
            #expect(json.contains("\"text\" : \"\(f.text)\""), "\(f.label) in JSON")
        }
        #expect(html.contains("Organisation: Recycling Depot GmbH · Stations: STATION-A, STATION-B · Period: 2026-01-01 to 2026-01-31"))
        #expect(html.contains("<td>STATION-B-000012</td><td>STATION-B</td><td>A11</td><td>recycling</td><td>2026-01-15</td><td>0.012</td><td>measured</td>"))
        #expect(Grams(kilograms: 0.0004).tonnesText == "0.000001", "a positive weight never vanishes")
        #expect(Grams(kilograms: 1.36).value == 1_360 && Grams(kilograms: 0.1 + 0.2).value == 300)
    }

    /// `--customer` and `--station` restrict the figures (customer identifier matched exactly).
    @Test func csrdScopeFiltersByCustomerAndStation() async throws {
        let t = try TemporaryStore()
        try await t.store.importAssets([Fixtures.asset("LAP-1"), Fixtures.asset("LAP-2", customer: "Beta SA"), Fixtures.asset("LAP-3", customer: "Acme Corp ")]) { _ in }
        try await t.store.index(disposal: Fixtures.disposal("STATION-A-000001", asset: "LAP-1", route: .recycling, kg: 1.5, source: .measured, ewc: "16 02 14", on: "2026-01-05"))
        try await t.store.index(disposal: Fixtures.disposal("STATION-B-000001", asset: "LAP-2", route: .recycling, kg: 2.25, source: .measured, ewc: "16 02 14", on: "2026-01-06"))
        try await t.store.index(disposal: Fixtures.disposal("STATION-B-000002", asset: "LAP-3", route: .recycling, kg: 4, source: .measured, ewc: "16 02 14", on: "2026-01-07"))
        func total(_ scope: CSRDResourceOutflows.Scope) async throws -> Int64? {
            try await CSRDResourceOutflows.build(store: t.store, period: Self.period, generatedAt: Self.generatedAt, scope: scope)
                .figure("esrs:WasteGenerated")?.grams
        }
        #expect(try await total(.init()) == 7_750)
        #expect(try await total(.init(customer: "Acme Corp")) == 1_500)
        #expect(try await total(.init(station: "STATION-B")) == 6_250)
        #expect(try await total(.init(customer: "Beta SA", station: "STATION-A")) == 0)
        let beta = try await CSRDResourceOutflows.build(store: t.store, period: Self.period, generatedAt: Self.generatedAt, scope: .init(customer: "Beta SA"))
        #expect(beta.customer == "Beta SA" && beta.stations == ["STATION-B"] && beta.records.map(\.recordID) == ["STATION-B-000001"])
    }

    /// The store behind the golden files: three assets, four attempts, two disposals.
    func goldenStore() async throws -> TemporaryStore {
        let t = try TemporaryStore()
        // Two customers in the register; the third asset's customer is not (its legal name stays empty).
        try await t.store.saveCustomers([CustomerRecord(customerID: "Acme Corp", legalName: "Acme Corporation Ltd", country: "GB", createdAt: "2026-01-01T08:00:00Z"),
                                         CustomerRecord(customerID: "Beta SA", legalName: "Béta Société Anonyme", country: "FR", createdAt: "2026-01-01T08:00:00Z")],
                                        updating: [])
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
        // A second customer at a second station: a drive destroyed without a wipe, and an
        // aborted attempt released on an override; LAP-1's resale corrected (superseded).
        try await t.store.importAssets([Fixtures.asset("HDD-7", category: "hdd", customer: "Beta SA"), Fixtures.asset("LAP-3", customer: "Beta SA")]) { _ in }
        var destroyed = Fixtures.disposal("DEPOT-2-000001", asset: "HDD-7", route: .recycling, kg: 0.62, source: .measured, ewc: "16 02 14", on: "2026-01-22")
        destroyed.recipient = "Shredder AG"
        destroyed.mediaDestroyedReference = "DESTR-2026-001"
        try await t.store.index(disposal: destroyed)
        var aborted = Fixtures.certificate("DEPOT-2-000002", asset: "LAP-3", serial: "KXG6AZ", result: .aborted, ended: "2026-01-23T10:00:00Z", sequence: 2)
        aborted.station = "DEPOT-2"
        aborted.verificationCoverage = 0
        try await t.store.index(certificate: aborted)
        var released = Fixtures.disposal("DEPOT-2-000003", asset: "LAP-3", route: .reuse, kg: 1.4, source: .register, ewc: nil, on: "2026-01-24")
        released.overrideReason = "returned to the customer's own IT, who wipes it"
        try await t.store.index(disposal: released)
        var corrected = Fixtures.disposal("DEPOT-1-000007", asset: "LAP-1", route: .resale, kg: 1.36, source: .register, ewc: nil, on: "2026-01-20")
        corrected.recipient = "Refurb GmbH"
        corrected.supersedes = "DEPOT-1-000005"
        try await t.store.index(disposal: corrected)
        return t
    }

    /// Every asset that left appears, flagged where it needs a look; aborted coverage is "none";
    /// `customer` and `station` filter.
    @Test func gdprRegisterShowsDestroyedOverriddenAndFailedAssets() async throws {
        let t = try await goldenStore()
        var rows: [GDPRErasureRegister.Row] = []
        try await GDPRErasureRegister.forEachRow(store: t.store, period: Self.period) { rows.append($0) }
        let byCertificate = Dictionary(rows.compactMap { r in r.certificateID.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        #expect(byCertificate["DEPOT-1-000002"]?.flags == [], "a failed attempt followed by a passed one is not the latest")
        #expect(byCertificate["DEPOT-1-000003"]?.flags == [])
        #expect(byCertificate["DEPOT-1-000001"]?.disposalRecordID == "DEPOT-1-000007", "the correcting record, not the superseded one")
        let lap3 = try #require(byCertificate["DEPOT-2-000002"])
        #expect(lap3.flags == [.latestAttemptAborted, .releasedOnOverride] && lap3.station == "DEPOT-2" && lap3.customer == "Beta SA")
        #expect(lap3.overrideReason == "returned to the customer's own IT, who wipes it" && lap3.verificationCoverage == nil && lap3.coverageText == "none")
        let hdd = try #require(rows.first { $0.assetID == "HDD-7" })
        #expect(hdd.flags == [.noCertificate, .mediaDestroyed] && hdd.certificateID == nil)
        #expect(hdd.mediaDestroyedReference == "DESTR-2026-001" && hdd.recipient == "Shredder AG" && hdd.station == "DEPOT-2")

        let csv = try CSVTable.parse(try await GDPRErasureRegister.render(store: t.store, period: Self.period, generatedAt: Self.generatedAt, format: .csv))
        let header = try #require(csv.first).fields
        let coverage = try #require(header.firstIndex(of: "verification_coverage")), cert = try #require(header.firstIndex(of: "certificate_id"))
        #expect(csv.first { $0.fields[cert] == "DEPOT-2-000002" }?.fields[coverage] == "none")
        #expect(header.contains("station") && header.contains("customer") && header.contains("flags"))

        func assets(customer: String? = nil, station: String? = nil) async throws -> [String] {
            var ids: [String] = []
            try await GDPRErasureRegister.forEachRow(store: t.store, period: Self.period, customer: customer, station: station) { ids.append($0.assetID) }
            return ids
        }
        #expect(try await assets(customer: "Beta SA") == ["LAP-3", "HDD-7"])
        #expect(try await assets(customer: "Beta") == [], "an identifier, not a text search")
        #expect(try await assets(station: "DEPOT-2") == ["LAP-3", "HDD-7"])
        #expect(try await assets(customer: "Acme Corp", station: "DEPOT-1") == ["LAP-1", "LAP-2", "LAP-2"])
    }

    /// Every kind of exception, each naming its documents; `customer` filters; `idleDays` decides idleness.
    @Test func exceptionsReportListsWhatNeedsALook() async throws {
        let t = try await goldenStore()
        // Not in the register (created by a wipe), with a second disposal that supersedes nothing.
        _ = try await t.store.ensureAsset(AssetRecord(assetID: "STRAY-1", serial: nil, manufacturer: nil, model: nil, category: nil, customer: nil,
                                                      weightKg: nil, inRegister: false, createdAt: "2026-01-10T08:00:00Z"))
        try await t.store.index(certificate: Fixtures.certificate("DEPOT-1-000020", asset: "STRAY-1", serial: "ST-1", result: .passed,
                                                                  ended: "2026-01-10T10:00:00Z", sequence: 20))
        try await t.store.index(disposal: Fixtures.disposal("DEPOT-1-000021", asset: "STRAY-1", route: .recycling, kg: 2, source: .measured, ewc: "16 02 14", on: "2026-01-11"))
        try await t.store.index(disposal: Fixtures.disposal("DEPOT-1-000022", asset: "STRAY-1", route: .resale, kg: 2, source: .measured, ewc: nil, on: "2026-01-12"))

        let r = try await ExceptionsReport.build(store: t.store, period: Self.period, generatedAt: Self.generatedAt, idleDays: 10)
        func docs(_ kind: ExceptionsReport.Kind) -> [[String]] { r.lines.filter { $0.kind == kind }.map(\.documents) }
        #expect(docs(.releasedOnOverride) == [["DEPOT-2-000003", "DEPOT-2-000002"]])
        #expect(docs(.releasedWithoutCertificate) == [["DEPOT-2-000001"]])
        #expect(docs(.supersededDisposal) == [["DEPOT-1-000007", "DEPOT-1-000005"]])
        #expect(docs(.doubleDisposal) == [["DEPOT-1-000021", "DEPOT-1-000022"]])
        #expect(docs(.latestAttemptNotPassed) == [["DEPOT-2-000002"]], "LAP-2's failed attempt was followed by a passed one")
        #expect(r.lines.filter { $0.kind == .notInRegister }.map(\.assetID) == ["STRAY-1"])
        // Idle since 2026-01-08, more than 10 days before 2026-01-31; the others left.
        #expect(r.lines.filter { $0.kind == .noActivity }.map(\.assetID) == ["=cmd|' /C calc'!A0"])
        #expect(try await ExceptionsReport.build(store: t.store, period: Self.period, generatedAt: Self.generatedAt).lines.allSatisfy { $0.kind != .noActivity },
                "90 days by default")
        let beta = try await ExceptionsReport.build(store: t.store, period: Self.period, generatedAt: Self.generatedAt, idleDays: 10, customer: "Beta SA")
        #expect(Set(beta.lines.map(\.assetID)) == ["LAP-3", "HDD-7"])
        let csv = try CSVTable.parse(try r.render(.csv))
        #expect(csv.first?.fields == ["kind", "asset_id", "customer", "date", "detail", "documents", "action"] && csv.count == r.lines.count + 1)
        #expect(csv.dropFirst().allSatisfy { !["=", "+", "-", "@"].contains($0.fields[1].first ?? " ") }, "formula cells protected")
        #expect(ExceptionsReport.day("2026-03-01", minus: 1) == "2026-02-28" && ExceptionsReport.day("2026-01-31", minus: 90) == "2025-11-02")
    }

    @Test func chainProblemsFoundByVerifyComeFirstInTheExceptions() async throws {
        let station = try TestStation()
        let entries = try (1...3).map { i in try station.certify(asset: "LAP-\(i)") }
        // The middle certificate is deleted from the ledger, the last one altered.
        try FileManager.default.removeItem(atPath: entries[1].documentPath)
        try FileManager.default.removeItem(atPath: entries[1].signaturePath)
        let altered = try String(contentsOfFile: entries[2].documentPath, encoding: .utf8).replacingOccurrences(of: "\"LAP-3\"", with: "\"LAP-X\"")
        try altered.write(toFile: entries[2].documentPath, atomically: true, encoding: .utf8)
        let problems = ExceptionsReport.chainProblems(DocumentVerifier(trust: station.trust, registry: .expunge).verify(paths: [station.home.ledger]))
        #expect(problems.contains { $0.detail.contains("sequence 2 is missing") }, "\(problems)")
        #expect(problems.contains { $0.documents == [entries[2].id] && $0.detail.contains("does not verify") }, "\(problems)")

        let t = try TemporaryStore()
        let r = try await ExceptionsReport.build(store: t.store, period: Self.period, generatedAt: Self.generatedAt, customer: "Beta SA", chainProblems: problems)
        #expect(r.lines.prefix(problems.count).allSatisfy { $0.kind == .chainProblem }, "listed first, whatever the customer")
        #expect(r.lines.filter { $0.kind == .chainProblem }.count == problems.count)
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
        #expect(rows == 6, "five attempts and one asset destroyed without one")
        try await checkGolden("gdpr.\(format.rawValue)", try await GDPRErasureRegister.render(store: t.store, period: Self.period,
                                                                                  generatedAt: Self.generatedAt, format: format))
    }

    @Test(arguments: ReportFormat.allCases)
    func csrdReportMatchesGoldenFile(format: ReportFormat) async throws {
        let r = Self.csrdFixtureReport()
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
        #expect(rows.allSatisfy { $0.deviceSerial == "CTRL-9" && $0.wholeDevice == false })
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
        #expect(manifest.files.contains { $0.path == "reports/exceptions.csv" } && manifest.files.contains { $0.path == "reports/exceptions.html" })
        #expect(manifest.files.filter { $0.path.hasPrefix("certificates/") }.count == 2, "only the customer's certificate (json + p7s)")

        let verdict = try EvidencePack.verify(pack: pack, trust: station.trust)
        #expect(verdict.isValid, "\(verdict.manifestProblems) \(verdict.documents.documents.map(\.problems)) \(verdict.documents.chains)")
        #expect(verdict.documents.documents.count == 2)

        // Untrusted anchor: the manifest signature and every document fail.
        let stranger = try TestStation()
        #expect(!(try EvidencePack.verify(pack: pack, trust: stranger.trust).isValid))
    }
}
