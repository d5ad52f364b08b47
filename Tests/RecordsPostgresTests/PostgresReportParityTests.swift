import RecordStoreContract
import Records
import RecordsPostgres
import Reports
import StorageModel
import Testing

/// The reports run on any `RecordStore`: on PostgreSQL they must come out byte for byte as on
/// SQLite for the same records, in every format, including the orderings (IDs whose byte order
/// and a locale's order differ), supersession and NVMe namespace scopes.
@Suite("Reports on PostgreSQL equal reports on SQLite", .enabled(if: PostgresTestDatabase.available, Comment(rawValue: PostgresTestDatabase.skipMessage)))
struct PostgresReportParityTests {
    static let period = try! ReportPeriod(from: "2026-01-01", to: "2026-01-31")
    static let generatedAt = "2026-02-01T08:00:00Z"

    /// Assets, attempts and disposal records where the backends could differ.
    static func load(_ store: any RecordStore) async throws {
        try await store.importAssets([
            Fixtures.asset("LAP-1", weight: 1.36), Fixtures.asset("lap-2", customer: "acme corp"), Fixtures.asset("_LAP-3", customer: "Zürich AG"),
            Fixtures.asset("Ärger-4", customer: "Évry SARL"), Fixtures.asset("=cmd|' /C calc'!A0", customer: "Evil, \"Quoted\" Ltd"),
            Fixtures.asset("NVME-5", customer: "Acme Corp"), Fixtures.asset("A10"), Fixtures.asset("A9"),
        ]) { _ in }
        var sequence: UInt64 = 0
        func next() -> UInt64 { sequence += 1; return sequence }
        let attempts: [CertificateIndexEntry] = [
            Fixtures.certificate("DEPOT-1-000001", asset: "LAP-1", serial: "S3Z9NB0K1", result: .passed, ended: "2026-01-05T10:30:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000002", asset: "lap-2", serial: "WD-WCC6Y0", result: .failed, ended: "2026-01-06T11:00:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000003", asset: "lap-2", serial: "WD-WCC6Y0", result: .passed, ended: "2026-01-07T12:00:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000004", asset: "=cmd|' /C calc'!A0", serial: "+SUM(1)", result: .passed, ended: "2026-01-08T09:00:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000005", asset: "_LAP-3", serial: "b-serial", result: .passed, ended: "2026-01-09T09:00:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000006", asset: "_LAP-3", serial: "B-serial", result: .passed, ended: "2026-01-09T09:00:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000007", asset: "Ärger-4", serial: "Ä1", result: .passed, ended: "2026-01-31T23:59:59Z", sequence: next()),
            Fixtures.namespaceCertificate("DEPOT-1-000008", asset: "NVME-5", serial: "C1", nsid: 1, others: [2], ended: "2026-01-10T10:00:00Z", sequence: next()),
            Fixtures.namespaceCertificate("DEPOT-1-000009", asset: "NVME-5", serial: "C1", nsid: 2, others: [1], unallocated: nil, ended: "2026-01-10T11:00:00Z",
                                          sequence: next()),
            Fixtures.certificate("DEPOT-1-000010", asset: "A10", serial: "X10", result: .passed, ended: "2026-02-01T00:00:00Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000011", asset: "A9", serial: "X9", result: .passed, ended: "2025-12-31T23:59:59Z", sequence: next()),
            Fixtures.certificate("DEPOT-1-000012", asset: "NOT-IN-REGISTER", serial: "Q1", result: .passed, ended: "2026-01-12T10:00:00Z", sequence: next()),
        ]
        for c in attempts { try await store.index(certificate: c) }
        var corrected = Fixtures.disposal("DEPOT-1-000015", asset: "lap-2", route: .recycling, kg: 1.7, source: .measured, ewc: "16 02 14", on: "2026-01-19")
        corrected.supersedes = "DEPOT-1-000014"
        for d in [Fixtures.disposal("DEPOT-1-000013", asset: "LAP-1", route: .resale, kg: 1.36, source: .register, ewc: nil, on: "2026-01-20"),
                  Fixtures.disposal("DEPOT-1-000014", asset: "lap-2", route: .landfill, kg: 1.7, source: .measured, ewc: "16 02 14", on: "2026-01-21"),
                  corrected,
                  Fixtures.disposal("DEPOT-1-000016", asset: "_LAP-3", route: .incineration, kg: 0.25, source: .measured, ewc: "16 02 15*", on: "2026-01-22"),
                  Fixtures.disposal("DEPOT-1-000017", asset: "_LAP-3", route: .recycling, kg: 0.25, source: .measured, ewc: "16 02 15*", on: "2026-01-23")]
            + Fixtures.csrdDisposals {
            try await store.index(disposal: d)
        }
    }

    /// Every report and listing, rendered.
    static func outputs(_ store: any RecordStore) async throws -> [String: String] {
        var out: [String: String] = [:]
        for format in ReportFormat.allCases {
            out["gdpr.\(format.rawValue)"] = try await GDPRErasureRegister.render(store: store, period: period, generatedAt: generatedAt, format: format)
            out["gdpr-acme.\(format.rawValue)"] = try await GDPRErasureRegister.render(store: store, period: period, generatedAt: generatedAt,
                                                                                       format: format, customer: "Acme Corp")
            let csrd = try await CSRDResourceOutflows.build(store: store, period: period, generatedAt: generatedAt)
            out["csrd.\(format.rawValue)"] = try csrd.render(format)
        }
        out["overviews"] = try await store.overviews(AssetFilter()).map { "\($0.asset.assetID) \($0.status) \($0.devices) \($0.certificates) \($0.disposals)" }
            .joined(separator: "\n")
        out["overviews-category"] = try await store.overviews(AssetFilter(category: "LAPTOP", inRegister: true)).map(\.asset.assetID).joined(separator: ",")
        out["certificates"] = try await store.certificates(endedFrom: period.from, to: period.to).map(\.certificateID).joined(separator: ",")
        out["disposals"] = try await store.disposals(from: period.from, to: period.to).map(\.recordID).joined(separator: ",")
        return out
    }

    @Test func gdprCSRDAndListingsAreTheSameOnBothBackends() async throws {
        let sqlite = try TemporaryStore()
        try await Self.load(sqlite.store)
        let expected = try await Self.outputs(sqlite.store)
        #expect(expected["gdpr.csv"]?.contains("DEPOT-1-000012") == true, "the fixture reaches the report")
        let actual = try await PostgresTestDatabase.withFreshSchema { store in
            try await Self.load(store)
            return try await Self.outputs(store)
        }
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for key in expected.keys.sorted() {
            #expect(actual[key] == expected[key], "\(key) differs between PostgreSQL and SQLite")
        }
    }
}
