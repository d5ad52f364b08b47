import Foundation
import Records
import Reports
import StorageModel
import Testing

/// The circularity figures against a fixture computed by hand (see each expectation's comment).
@Suite("Circularity report")
struct CircularityReportTests {
    typealias Drive = CircularityReport.DriveAtRelease

    static func released(_ asset: String, _ route: DisposalRoute, kg: Double, category: String?, drives: [Drive]) -> CircularityReport.Released {
        let d = DisposalIndexEntry(recordID: "R-\(asset)", sha256: String(repeating: "0", count: 64), assetID: asset, route: route,
                                   wasteStatus: route.defaultWasteStatus, recipient: "Recipient", recipientCertification: nil, certificationID: nil,
                                   weightKg: kg, weightSource: .measured, weeeCategory: nil, ewcCode: nil, hazardous: false,
                                   disposedOn: "2026-03-01", transferNote: nil, overrideReason: nil, mediaDestroyedReference: nil,
                                   issuedAt: "2026-03-01T10:00:00Z", path: "/nonexistent")
        return .init(disposal: d, category: category, drives: drives)
    }

    static let fixture: [CircularityReport.Released] = [
        released("A1", .reuse, kg: 1.5, category: "Laptop", drives: [Drive(healthRecorded: true, grade: .reuse, powerOnHours: 10_000)]),
        released("A2", .resale, kg: 1.7, category: "laptops", drives: [Drive(healthRecorded: true, grade: .reuseWithCaution, powerOnHours: 20_000)]),
        released("A3", .donation, kg: 6.0, category: "Desktop", drives: [Drive(healthRecorded: true, grade: .doNotReuse, powerOnHours: nil),
                                                                         Drive(healthRecorded: false, grade: nil, powerOnHours: nil)]),
        released("A4", .reuse, kg: 12.0, category: "Server", drives: []),
        released("A5", .resale, kg: 2.0, category: nil, drives: [Drive(healthRecorded: true, grade: nil, powerOnHours: 500)]),
        released("A6", .recycling, kg: 1.6, category: "laptop", drives: [Drive(healthRecorded: true, grade: .doNotReuse, powerOnHours: 40_000)]),
        released("A7", .landfill, kg: 0.7, category: "tablet", drives: []),
        released("A8", .preparationForReuse, kg: 1.4, category: "laptop", drives: []),
    ]

    func report() throws -> CircularityReport {
        CircularityReport.build(Self.fixture, period: try ReportPeriod(from: "2026-01-01", to: "2026-12-31"), generatedAt: "2026-12-31T12:00:00Z")
    }

    @Test func devicesTonnesAndRoutesMatchTheHandComputation() throws {
        let r = try report()
        #expect(r.devices == 8)
        #expect(r.tonnes == 0.0269)               // 1.5 + 1.7 + 6.0 + 12.0 + 2.0 + 1.6 + 0.7 + 1.4 = 26.9 kg
        #expect(r.reuseRate == 0.625)             // A1–A5 of 8
        func route(_ name: String) -> CircularityReport.RouteFigures? { r.routes.first { $0.route == name } }
        #expect(route("reuse") == .init(route: "reuse", devices: 2, tonnes: 0.0135, drives: 1, drivesWithPowerOnHours: 1,
                                        averagePowerOnHours: 10_000, grades: ["reuse": 1]))
        #expect(route("resale") == .init(route: "resale", devices: 2, tonnes: 0.0037, drives: 2, drivesWithPowerOnHours: 2,
                                         averagePowerOnHours: 10_250, grades: ["reuse-with-caution": 1, "not-graded": 1]))   // (20,000 + 500) / 2
        #expect(route("donation") == .init(route: "donation", devices: 1, tonnes: 0.006, drives: 2, drivesWithPowerOnHours: 0,
                                           averagePowerOnHours: nil, grades: ["do-not-reuse": 1, "not-recorded": 1]))
        #expect(route("recycling")?.grades == ["do-not-reuse": 1] && route("recycling")?.averagePowerOnHours == 40_000)
        #expect(route("landfill")?.devices == 1 && route("preparation-for-reuse")?.devices == 1 && route("incineration")?.devices == 0)
        #expect(r.routes.count == DisposalRoute.allCases.count)
        #expect(r.reusedDrivesGradedDoNotReuse == 1)  // A3's first drive; A6 was recycled
    }

    @Test func avoidedEmissionsMatchTheHandComputation() throws {
        let a = try report().avoidedEmissions
        #expect(a.routes == ["reuse", "resale", "donation"] && !a.netted)
        // laptops A1, A2: 2 × 236 = 472 kg (2 × 156 = 312 to 2 × 338 = 676); desktop A3: 249 (174 to 578).
        #expect(a.byCategory.map(\.category) == ["desktop", "laptop"])
        #expect(a.byCategory.map(\.devices) == [1, 2])
        #expect(a.byCategory.map(\.centralTonnesCO2e) == [0.249, 0.472])
        #expect(a.byCategory.map(\.lowTonnesCO2e) == [0.174, 0.312])
        #expect(a.byCategory.map(\.highTonnesCO2e) == [0.578, 0.676])
        #expect(a.centralTonnesCO2e == 0.721 && a.lowTonnesCO2e == 0.486 && a.highTonnesCO2e == 1.254)
        #expect(a.devicesWithoutFactor == ["server": 1, "unknown": 1], "counted, not estimated")
        #expect(a.byCategory.allSatisfy { $0.factor.year == 2023 && $0.factor.source.contains("Boavizta") })
    }

    @Test func everyFormatStatesTheRangeSourcesAndThatNothingIsNetted() throws {
        let r = try report()
        let json = try r.render(.json)
        #expect(json.contains("\"netted\" : false") && json.contains("\"central_tco2e\" : 0.721") && json.contains("\"reuse_rate\" : 0.625"))
        let csv = try r.render(.csv)
        #expect(csv.contains("avoided-emissions,total,3,") && csv.contains("0.721,0.486,1.254") && csv.contains("not netted"))
        #expect(csv.contains("no sourced factor: not estimated"))
        let html = try r.render(.html)
        #expect(html.contains("0.486–1.254") && html.contains("not netted") && html.contains("Boavizta") && html.contains("server 1"))
        #expect(html.contains("1 drives were released for reuse, resale or donation although graded do-not-reuse"))
    }

    @Test func anEmptyPeriodHasNoRate() throws {
        let r = CircularityReport.build([], period: try ReportPeriod(from: "2026-01-01", to: "2026-01-31"), generatedAt: "2026-02-01T00:00:00Z")
        #expect(r.devices == 0 && r.reuseRate == 0 && r.avoidedEmissions.centralTonnesCO2e == 0 && r.avoidedEmissions.byCategory.isEmpty)
    }
}
