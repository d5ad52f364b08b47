import Evidence
import Foundation
import Records
import StorageModel

/// What reuse achieved in a period, from the signed disposal records and the certificates of the
/// released assets: devices and tonnes by route, the reuse rate, the drives' age (power-on hours)
/// and health grade at release, and the emissions avoided by not manufacturing a replacement for
/// each device reused, resold or donated — an estimate with its range and sources, reported on
/// its own and never netted against anyone's emissions (ESRS E1: avoided emissions are not GHG
/// reductions or removals). Method: Docs/compliance.md, "Circularity".
public struct CircularityReport: Sendable, Encodable {
    /// One released asset: its disposal record, register category and its storage devices as
    /// last certified.
    public struct Released: Sendable, Hashable {
        public var disposal: DisposalIndexEntry
        public var category: String?
        public var drives: [DriveAtRelease]

        public init(disposal: DisposalIndexEntry, category: String?, drives: [DriveAtRelease]) {
            self.disposal = disposal
            self.category = category
            self.drives = drives
        }
    }

    /// A storage device of a released asset, from its latest certificate.
    public struct DriveAtRelease: Sendable, Hashable {
        /// False when the certificate has no health section (schema 1, recovered attempts) or
        /// could not be read.
        public var healthRecorded: Bool
        public var grade: HealthGrade?
        public var powerOnHours: UInt64?

        public init(healthRecorded: Bool, grade: HealthGrade?, powerOnHours: UInt64?) {
            self.healthRecorded = healthRecorded
            self.grade = grade
            self.powerOnHours = powerOnHours
        }
    }

    public struct RouteFigures: Sendable, Hashable, Encodable {
        public var route: String
        public var devices: Int
        public var tonnes: Double
        public var drives: Int
        /// Drives whose power-on hours were reported, and their mean.
        public var drivesWithPowerOnHours: Int
        public var averagePowerOnHours: Double?
        /// Drives by grade at release: `reuse`, `reuse-with-caution`, `do-not-reuse`, `not-graded`
        /// (health recorded, nothing to grade on), `not-recorded`.
        public var grades: [String: Int]

        public init(route: String, devices: Int, tonnes: Double, drives: Int, drivesWithPowerOnHours: Int, averagePowerOnHours: Double?,
                    grades: [String: Int]) {
            self.route = route
            self.devices = devices
            self.tonnes = tonnes
            self.drives = drives
            self.drivesWithPowerOnHours = drivesWithPowerOnHours
            self.averagePowerOnHours = averagePowerOnHours
            self.grades = grades
        }

        enum CodingKeys: String, CodingKey {
            case route, devices, tonnes, drives
            case drivesWithPowerOnHours = "drives_with_power_on_hours"
            case averagePowerOnHours = "average_power_on_hours"
            case grades
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(route, forKey: .route)
            try c.encode(devices, forKey: .devices)
            try c.encode(tonnes, forKey: .tonnes)
            try c.encode(drives, forKey: .drives)
            try c.encode(drivesWithPowerOnHours, forKey: .drivesWithPowerOnHours)
            try c.encode(averagePowerOnHours, forKey: .averagePowerOnHours)
            try c.encode(grades, forKey: .grades)
        }
    }

    public struct CategoryEstimate: Sendable, Hashable, Encodable {
        public var category: String
        public var devices: Int
        public var factor: EmbodiedEmissionsFactor
        public var centralTonnesCO2e: Double
        public var lowTonnesCO2e: Double
        public var highTonnesCO2e: Double

        enum CodingKeys: String, CodingKey {
            case category, devices, factor
            case centralTonnesCO2e = "central_tco2e", lowTonnesCO2e = "low_tco2e", highTonnesCO2e = "high_tco2e"
        }
    }

    public struct AvoidedEmissions: Sendable, Hashable, Encodable {
        public var routes: [String]
        public var centralTonnesCO2e: Double
        public var lowTonnesCO2e: Double
        public var highTonnesCO2e: Double
        public var byCategory: [CategoryEstimate]
        /// Devices on those routes whose category has no sourced factor, by category (`unknown`
        /// when the register has none): counted, not estimated.
        public var devicesWithoutFactor: [String: Int]
        /// Always false: the estimate is reported separately and never subtracted from emissions.
        public var netted = false
        public var method: String

        enum CodingKeys: String, CodingKey {
            case routes
            case centralTonnesCO2e = "central_tco2e", lowTonnesCO2e = "low_tco2e", highTonnesCO2e = "high_tco2e"
            case byCategory = "by_category", devicesWithoutFactor = "devices_without_factor", netted, method
        }
    }

    public var schemaVersion = 1
    public var report = "circularity"
    public var period: ReportPeriod
    public var generatedAt: String
    public var devices: Int
    public var tonnes: Double
    /// Devices reused, resold or donated ÷ devices disposed of (0 when none).
    public var reuseRate: Double
    public var routes: [RouteFigures]
    /// Drives released for reuse, resale or donation although graded do-not-reuse.
    public var reusedDrivesGradedDoNotReuse: Int
    public var avoidedEmissions: AvoidedEmissions

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", report, period, generatedAt = "generated_at", devices, tonnes
        case reuseRate = "reuse_rate", routes, reusedDrivesGradedDoNotReuse = "reused_drives_graded_do_not_reuse"
        case avoidedEmissions = "avoided_emissions"
    }

    /// The routes whose devices avoid the manufacture of a replacement.
    public static let reuseRoutes: [DisposalRoute] = [.reuse, .resale, .donation]

    public static let method = """
        Avoided emissions = for each device disposed of in the period on a reuse, resale or donation route, the manufacturing \
        (embodied) emissions of one new device of its register category (central value and range per category, cited with \
        source and year), summed. Assumptions: each reused device displaces the manufacture of exactly one new device \
        (displacement factor 1; no authoritative value exists), and the emissions of refurbishment, transport and parts are \
        not subtracted (found negligible by André et al. 2019, Waste Management 88:268–279, but not measured here), so the \
        figure is an upper-bound estimate of avoided production, not a measurement. Devices whose category has no sourced \
        factor are counted and not estimated. Preparation for reuse is not counted (the device is not yet reused). The \
        estimate is reported on its own and never netted against emissions: ESRS E1 keeps GHG reductions and removals \
        separate from avoided emissions. Drive age is the power-on hours the drive reported at its last certified wipe.
        """

    /// The report from a record store: non-superseded disposal records dated in the period, each
    /// asset's register category, and the health section of the latest certificate of each of
    /// its storage devices (read from the certificate files the index names).
    public static func build(store: any RecordStore, period: ReportPeriod, generatedAt: String) async throws -> CircularityReport {
        var disposals: [DisposalIndexEntry] = []
        try await store.forEachDisposal(from: period.from, to: period.to) { d, _ in disposals.append(d) }
        var released: [Released] = []
        for d in disposals {
            let category = try await store.asset(d.assetID)?.category
            var latest: [String: CertificateIndexEntry] = [:]
            for c in try await store.certificates(assetID: d.assetID) {
                if let seen = latest[c.deviceKey], (seen.endedAt, seen.sequence) >= (c.endedAt, c.sequence) { continue }
                latest[c.deviceKey] = c
            }
            let drives = latest.keys.sorted().map { drive(certificatePath: latest[$0]!.path) }
            released.append(Released(disposal: d, category: category, drives: drives))
        }
        return build(released, period: period, generatedAt: generatedAt)
    }

    /// A drive's health at release from its certificate file.
    static func drive(certificatePath: String) -> DriveAtRelease {
        guard case .success(let bytes) = BoundedFile.read(certificatePath, limit: DocumentLimits.maxDocumentBytes),
              let c = try? JSONDecoder().decode(WipeCertificate.self, from: Data(bytes)), let h = c.health else {
            return DriveAtRelease(healthRecorded: false, grade: nil, powerOnHours: nil)
        }
        let reading = [h.after, h.before].compactMap { $0 }.first { $0.status == .read }
        return DriveAtRelease(healthRecorded: true, grade: h.grade, powerOnHours: reading?.facts.powerOnHours)
    }

    /// The report from released assets (pure: the figures of a hand-computed fixture).
    public static func build(_ released: [Released], period: ReportPeriod, generatedAt: String,
                             factors: [String: EmbodiedEmissionsFactor] = ComplianceReference.embodiedEmissions) -> CircularityReport {
        var routes: [RouteFigures] = []
        for route in DisposalRoute.allCases {
            let on = released.filter { $0.disposal.route == route }
            let drives = on.flatMap(\.drives)
            let hours = drives.compactMap(\.powerOnHours)
            var grades: [String: Int] = [:]
            for d in drives { grades[d.healthRecorded ? (d.grade?.rawValue ?? "not-graded") : "not-recorded", default: 0] += 1 }
            routes.append(RouteFigures(route: route.rawValue, devices: on.count, tonnes: Render.tonnes(on.reduce(0) { $0 + $1.disposal.weightKg }),
                                       drives: drives.count, drivesWithPowerOnHours: hours.count,
                                       averagePowerOnHours: hours.isEmpty ? nil : (Double(hours.reduce(0, +)) / Double(hours.count) * 10).rounded() / 10,
                                       grades: grades))
        }
        let reused = released.filter { reuseRoutes.contains($0.disposal.route) }
        var perCategory: [String: Int] = [:], withoutFactor: [String: Int] = [:]
        for r in reused {
            let key = ComplianceReference.categoryKey(r.category)
            if let key, factors[key] != nil { perCategory[key, default: 0] += 1 } else { withoutFactor[key ?? "unknown", default: 0] += 1 }
        }
        func t(_ kg: Double) -> Double { (kg / 1000 * 1000).rounded() / 1000 }  // tCO2e to the kilogram
        let estimates = perCategory.keys.sorted().map { key -> CategoryEstimate in
            let f = factors[key]!, n = Double(perCategory[key]!)
            return CategoryEstimate(category: key, devices: perCategory[key]!, factor: f, centralTonnesCO2e: t(n * f.centralKg),
                                    lowTonnesCO2e: t(n * f.lowKg), highTonnesCO2e: t(n * f.highKg))
        }
        let avoided = AvoidedEmissions(routes: reuseRoutes.map(\.rawValue),
                                       centralTonnesCO2e: t(estimates.reduce(0) { $0 + $1.centralTonnesCO2e * 1000 }),
                                       lowTonnesCO2e: t(estimates.reduce(0) { $0 + $1.lowTonnesCO2e * 1000 }),
                                       highTonnesCO2e: t(estimates.reduce(0) { $0 + $1.highTonnesCO2e * 1000 }),
                                       byCategory: estimates, devicesWithoutFactor: withoutFactor, method: method)
        return CircularityReport(period: period, generatedAt: generatedAt, devices: released.count,
                                 tonnes: Render.tonnes(released.reduce(0) { $0 + $1.disposal.weightKg }),
                                 reuseRate: released.isEmpty ? 0 : (Double(reused.count) / Double(released.count) * 10_000).rounded() / 10_000,
                                 routes: routes, reusedDrivesGradedDoNotReuse: reused.flatMap(\.drives).filter { $0.grade == .doNotReuse }.count,
                                 avoidedEmissions: avoided)
    }

    public func render(_ format: ReportFormat) throws -> String {
        let gradeKeys = ["reuse", "reuse-with-caution", "do-not-reuse", "not-graded", "not-recorded"]
        switch format {
        case .json: return try Render.json(self)
        case .csv:
            var rows = routes.map { r in
                ["route", r.route, String(r.devices), Render.number(r.tonnes, decimals: 6), String(r.drives), String(r.drivesWithPowerOnHours),
                 r.averagePowerOnHours.map { Render.number($0, decimals: 1) } ?? ""] + gradeKeys.map { String(r.grades[$0] ?? 0) } + ["", "", "", ""]
            }
            rows.append(["total", "", String(devices), Render.number(tonnes, decimals: 6), "", "", ""] + gradeKeys.map { _ in "" }
                        + ["", "", "", "reuse rate \(Render.number(reuseRate * 100, decimals: 2)) %"])
            for e in avoidedEmissions.byCategory {
                rows.append(["avoided-emissions", e.category, String(e.devices), "", "", "", ""] + gradeKeys.map { _ in "" }
                            + [Render.number(e.centralTonnesCO2e), Render.number(e.lowTonnesCO2e), Render.number(e.highTonnesCO2e),
                               "\(e.factor.source) (\(e.factor.year))"])
            }
            for (category, n) in avoidedEmissions.devicesWithoutFactor.sorted(by: { $0.key < $1.key }) {
                rows.append(["avoided-emissions", category, String(n), "", "", "", ""] + gradeKeys.map { _ in "" } + ["", "", "", "no sourced factor: not estimated"])
            }
            rows.append(["avoided-emissions", "total", String(avoidedEmissions.byCategory.reduce(0) { $0 + $1.devices }), "", "", "", ""]
                        + gradeKeys.map { _ in "" }
                        + [Render.number(avoidedEmissions.centralTonnesCO2e), Render.number(avoidedEmissions.lowTonnesCO2e),
                           Render.number(avoidedEmissions.highTonnesCO2e), "not netted; \(Self.method)"])
            return CSVTable.document(header: ["section", "key", "devices", "tonnes", "drives", "drives_with_power_on_hours", "average_power_on_hours"]
                                     + gradeKeys.map { "drives_" + $0.replacingOccurrences(of: "-", with: "_") }
                                     + ["central_tco2e", "low_tco2e", "high_tco2e", "note"], rows: rows)
        case .html:
            var body = "<table><tr><th>Route</th><th>Devices</th><th>Tonnes</th><th>Drives</th><th>Mean power-on hours (drives reporting)</th>"
            body += gradeKeys.map { "<th>\(Render.html($0))</th>" }.joined() + "</tr>\n"
            for r in routes where r.devices > 0 {
                body += "<tr><td>\(Render.html(r.route))</td><td class=\"num\">\(r.devices)</td><td class=\"num\">\(Render.number(r.tonnes))</td>"
                body += "<td class=\"num\">\(r.drives)</td><td class=\"num\">\(r.averagePowerOnHours.map { Render.number($0, decimals: 1) } ?? "not known") (\(r.drivesWithPowerOnHours))</td>"
                body += gradeKeys.map { "<td class=\"num\">\(r.grades[$0] ?? 0)</td>" }.joined() + "</tr>\n"
            }
            body += "</table><p>\(devices) devices, \(Render.number(tonnes)) t; reuse rate \(Render.number(reuseRate * 100, decimals: 2)) %.</p>"
            if reusedDrivesGradedDoNotReuse > 0 {
                body += "<p class=\"fail\">\(reusedDrivesGradedDoNotReuse) drives were released for reuse, resale or donation although graded do-not-reuse.</p>"
            }
            body += "<h2>Avoided emissions (estimate, not netted)</h2><table><tr><th>Category</th><th>Devices</th><th>Central tCO2e</th><th>Range tCO2e</th><th>Factor (kgCO2e per device)</th></tr>\n"
            for e in avoidedEmissions.byCategory {
                body += "<tr><td>\(Render.html(e.category))</td><td class=\"num\">\(e.devices)</td><td class=\"num\">\(Render.number(e.centralTonnesCO2e))</td>"
                body += "<td class=\"num\">\(Render.number(e.lowTonnesCO2e))–\(Render.number(e.highTonnesCO2e))</td>"
                body += "<td>\(Render.number(e.factor.centralKg, decimals: 0)) (\(Render.number(e.factor.lowKg, decimals: 0))–\(Render.number(e.factor.highKg, decimals: 0))); \(Render.html(e.factor.source)), \(e.factor.year)</td></tr>\n"
            }
            body += "<tr><th>Total</th><td></td><td class=\"num\">\(Render.number(avoidedEmissions.centralTonnesCO2e))</td>"
            body += "<td class=\"num\">\(Render.number(avoidedEmissions.lowTonnesCO2e))–\(Render.number(avoidedEmissions.highTonnesCO2e))</td><td></td></tr></table>"
            if !avoidedEmissions.devicesWithoutFactor.isEmpty {
                body += "<p>Not estimated (no sourced factor): " + avoidedEmissions.devicesWithoutFactor.sorted { $0.key < $1.key }
                    .map { "\(Render.html($0.key)) \($0.value)" }.joined(separator: ", ") + ".</p>"
            }
            body += "<p>\(Render.html(Self.method))</p>"
            return Render.page(title: "Circularity: reuse and avoided emissions", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)", body: body)
        }
    }
}
