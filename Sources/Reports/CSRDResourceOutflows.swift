import Foundation
import Records
import StorageModel

/// ESRS E5-5 "Resource outflows" §37–40 waste figures for a period, from the signed disposal
/// records: tonnes generated, diverted from disposal and directed to disposal by hazardous /
/// non-hazardous and treatment, non-recycled amount and share, hazardous and radioactive totals,
/// each with its EFRAG ESRS Set 1 taxonomy element (2023-12-22) and axis members. Devices reused
/// without becoming waste are reported separately, outside §37.
public struct CSRDResourceOutflows: Sendable, Encodable {
    public struct Figure: Sendable, Hashable, Encodable {
        public var paragraph: String
        public var label: String
        /// Tonnes (or percent), exact: what every format prints, as `text`.
        public var value: Decimal
        /// The value as the CSV, HTML and PDF forms print it ("0.014000", "46.43").
        public var text: String
        public var unit: String
        /// Weight figures: the exact sum in grams (nil for the percentage).
        public var grams: Int64?
        public var element: String
        public var axes: [String: String]

        init(paragraph: String, label: String, mass: Grams, element: String, axes: [String: String]) {
            self.init(paragraph: paragraph, label: label, value: mass.tonnes, text: mass.tonnesText, unit: "t", grams: mass.value, element: element, axes: axes)
        }

        init(paragraph: String, label: String, value: Decimal, text: String, unit: String, grams: Int64?, element: String, axes: [String: String]) {
            self.paragraph = paragraph
            self.label = label
            self.value = value
            self.text = text
            self.unit = unit
            self.grams = grams
            self.element = element
            self.axes = axes
        }
    }

    public struct WeightBasis: Sendable, Hashable, Encodable {
        public var measuredTonnes: Grams
        public var estimatedTonnes: Grams
        /// Share of the waste tonnage weighed (`--weight-kg`), 0–1, four decimals.
        public var measuredShare: Decimal
        public var records: Int
        public var recordsMeasured: Int
        public var recordsFromRegister: Int
        public var recordsCategoryDefault: Int

        enum CodingKeys: String, CodingKey {
            case measuredTonnes = "measured_tonnes", estimatedTonnes = "estimated_tonnes", measuredShare = "measured_share", records
            case recordsMeasured = "records_measured", recordsFromRegister = "records_from_register"
            case recordsCategoryDefault = "records_category_default"
        }
    }

    public struct OutsideWaste: Sendable, Hashable, Encodable {
        /// Assets (each once: its latest disposal record not superseded) reused, resold or donated.
        public var devices: Int
        public var tonnes: Grams
        public var byRoute: [String: Int]

        enum CodingKeys: String, CodingKey { case devices, tonnes, byRoute = "by_route" }
    }

    /// How a disposal record of the period entered the figures.
    public enum Counting: String, Sendable, Hashable, Encodable {
        /// In the §37 waste figures.
        case waste
        /// In `reused_outside_waste` (the asset's latest disposal record, not waste).
        case reusedOutsideWaste = "reused-outside-waste"
        /// Not waste, and the asset has a later disposal record in the period: the asset is counted once, by that one.
        case laterRecordCounts = "not-counted-later-record"
    }

    /// The appendix: one line per disposal record dated in the period and not superseded.
    public struct CountedRecord: Sendable, Hashable, Encodable {
        public var recordID: String
        public var station: String
        public var assetID: String
        public var route: DisposalRoute
        public var disposedOn: String
        public var weight: Grams
        public var weightBasis: WeightSource
        public var hazardous: Bool
        public var countedAs: Counting

        enum CodingKeys: String, CodingKey {
            case recordID = "record_id", station, assetID = "asset_id", route, disposedOn = "disposed_on", weightKg = "weight_kg"
            case weightBasis = "weight_basis", hazardous, countedAs = "counted_as"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(recordID, forKey: .recordID)
            try c.encode(station, forKey: .station)
            try c.encode(assetID, forKey: .assetID)
            try c.encode(route, forKey: .route)
            try c.encode(disposedOn, forKey: .disposedOn)
            try c.encode(weight.kilograms, forKey: .weightKg)
            try c.encode(weightBasis, forKey: .weightBasis)
            try c.encode(hazardous, forKey: .hazardous)
            try c.encode(countedAs, forKey: .countedAs)
        }
    }

    public var schemaVersion = 2
    public var report = "csrd-esrs-e5-5"
    public var taxonomy = "EFRAG ESRS Set 1 XBRL taxonomy 2023-12-22 (https://xbrl.efrag.org/taxonomy/esrs/2023-12-22)"
    /// The reporting organisation (the station's, from `keys init --org`), when known.
    public var organisation: String?
    /// The stations whose disposal records are counted (from the record IDs), sorted.
    public var stations: [String]
    /// The customer (data controller) the figures are restricted to, if any: its register ID
    /// and legal name.
    public var customer: String?
    public var customerName: String?
    public var period: ReportPeriod
    public var generatedAt: String
    public var figures: [Figure]
    public var weightBasis: WeightBasis
    public var reusedOutsideWaste: OutsideWaste
    /// The same non-recycled figure under the alternative reading some tools use (other recovery
    /// + disposal), for comparison; ESRS 37(d) and SFDR PAI 13 use generated − recycled.
    public var nonRecycledAlternativeTonnes: Grams
    public var methodology: String
    public var records: [CountedRecord]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", report, taxonomy, organisation, stations, customer, customerName = "customer_name", period, generatedAt = "generated_at", figures
        case weightBasis = "weight_basis", reusedOutsideWaste = "reused_outside_waste"
        case nonRecycledAlternativeTonnes = "non_recycled_alternative_tonnes", methodology, records
    }

    public func figure(_ element: String, _ axes: [String: String] = [:]) -> Figure? {
        figures.first { $0.element == element && $0.axes == axes }
    }

    /// What the report is restricted to, beyond the period.
    public struct Scope: Sendable, Hashable {
        public var organisation: String?
        public var customer: String?
        /// The customer's legal name in the register, for the header.
        public var customerName: String?
        public var station: String?

        public init(organisation: String? = nil, customer: String? = nil, customerName: String? = nil, station: String? = nil) {
            self.organisation = organisation
            self.customer = customer
            self.customerName = customerName
            self.station = station
        }
    }

    /// The figures from the store's disposal records of the period (superseded ones excluded),
    /// optionally one customer's (matched on the asset's customer identifier) or one station's.
    public static func build(store: any RecordStore, period: ReportPeriod, generatedAt: String, customer: String? = nil,
                             scope: Scope = Scope()) async throws -> CSRDResourceOutflows {
        var scope = scope
        if let customer { scope.customer = customer }
        var disposals: [DisposalIndexEntry] = []
        try await store.forEachDisposal(from: period.from, to: period.to) { d, owner in
            if let c = scope.customer, owner != c { return }
            if let s = scope.station, d.station != s { return }
            disposals.append(d)
        }
        return build(disposals: disposals, period: period, generatedAt: generatedAt, scope: scope)
    }

    /// The figures from `disposals` (already filtered: dated in the period, not superseded).
    public static func build(disposals: [DisposalIndexEntry], period: ReportPeriod, generatedAt: String,
                             scope: Scope = Scope()) -> CSRDResourceOutflows {
        // Each asset's latest record decides whether it counts as reused outside waste.
        var latest: [String: DisposalIndexEntry] = [:]
        func isLater(_ a: DisposalIndexEntry, _ b: DisposalIndexEntry) -> Bool {
            (a.disposedOn, a.issuedAt, a.recordID) > (b.disposedOn, b.issuedAt, b.recordID)
        }
        for d in disposals where latest[d.assetID].map({ isLater(d, $0) }) ?? true { latest[d.assetID] = d }

        var sums: [String: Grams] = [:], count: [String: Int] = [:], byRoute: [String: Int] = [:]
        func bump(_ key: String, _ g: Grams) { sums[key, default: .zero] += g; count[key, default: 0] += 1 }
        var records: [CountedRecord] = []
        for d in disposals.sorted(by: { ($0.disposedOn, $0.recordID) < ($1.disposedOn, $1.recordID) }) {
            let mass = Grams(kilograms: d.weightKg)
            let counting: Counting
            if d.wasteStatus == .notWaste {
                if latest[d.assetID]?.recordID == d.recordID {
                    counting = .reusedOutsideWaste
                    bump("not-waste", mass)
                    byRoute[d.route.rawValue, default: 0] += 1
                } else {
                    counting = .laterRecordCounts
                }
            } else {
                counting = .waste
                let treatment = d.route.esrsTreatment
                bump("waste", mass)
                bump("treatment:\(treatment.rawValue)", mass)
                bump("treatment:\(treatment.rawValue):\(d.hazardous)", mass)
                bump(treatment.isDiverted ? "diverted" : "directed", mass)
                if d.hazardous { bump("hazardous", mass) }
                bump("source:\(d.weightSource.rawValue)", mass)
            }
            records.append(CountedRecord(recordID: d.recordID, station: d.station, assetID: d.assetID, route: d.route, disposedOn: d.disposedOn,
                                         weight: mass, weightBasis: d.weightSource, hazardous: d.hazardous, countedAs: counting))
        }
        func g(_ key: String) -> Grams { sums[key] ?? .zero }
        let hazardAxis = "esrs:TypeOfWasteAxis"
        func hazardMember(_ h: Bool) -> String { h ? "esrs:HazardousWasteMember" : "esrs:NonhazardousWasteMember" }

        var figures: [Figure] = []
        figures.append(Figure(paragraph: "37(a)", label: "Total waste generated", mass: g("waste"), element: "esrs:WasteGenerated", axes: [:]))
        figures.append(Figure(paragraph: "37(b)", label: "Waste diverted from disposal", mass: g("diverted"),
                              element: "esrs:WasteGeneratedDivertedFromDisposal", axes: [:]))
        for hazardous in [true, false] {
            for treatment in [ESRSTreatment.preparationForReuse, .recycling, .otherRecovery] {
                figures.append(Figure(paragraph: "37(b)", label: "Diverted, \(hazardous ? "hazardous" : "non-hazardous"), \(treatment.rawValue.replacingOccurrences(of: "-", with: " "))",
                                      mass: g("treatment:\(treatment.rawValue):\(hazardous)"), element: "esrs:WasteGeneratedDivertedFromDisposal",
                                      axes: [hazardAxis: hazardMember(hazardous), treatment.axis: treatment.axisMember]))
            }
        }
        figures.append(Figure(paragraph: "37(c)", label: "Waste directed to disposal", mass: g("directed"),
                              element: "esrs:WasteGeneratedDirectedToDisposal", axes: [:]))
        for hazardous in [true, false] {
            for treatment in [ESRSTreatment.incineration, .landfill, .otherDisposal] {
                figures.append(Figure(paragraph: "37(c)", label: "Directed, \(hazardous ? "hazardous" : "non-hazardous"), \(treatment.rawValue.replacingOccurrences(of: "-", with: " "))",
                                      mass: g("treatment:\(treatment.rawValue):\(hazardous)"), element: "esrs:WasteGeneratedDirectedToDisposal",
                                      axes: [hazardAxis: hazardMember(hazardous), treatment.axis: treatment.axisMember]))
            }
        }
        let nonRecycled = g("waste") - g("treatment:recycling")
        figures.append(Figure(paragraph: "37(d)", label: "Non-recycled waste (generated − recycled)", mass: nonRecycled,
                              element: "esrs:NonrecycledWaste", axes: [:]))
        let hundredths = Grams.ratio(nonRecycled, g("waste"), scale: 10_000)
        let percentText = Grams.fixed(hundredths, decimals: 2)
        figures.append(Figure(paragraph: "37(d)", label: "Percentage of non-recycled waste", value: Decimal(string: percentText) ?? 0, text: percentText,
                              unit: "%", grams: nil, element: "esrs:PercentageOfNonrecycledWaste", axes: [:]))
        figures.append(Figure(paragraph: "39", label: "Total hazardous waste", mass: g("hazardous"), element: "esrs:HazardousWaste", axes: [:]))
        figures.append(Figure(paragraph: "39", label: "Total radioactive waste", mass: .zero, element: "esrs:RadioactiveWaste", axes: [:]))

        let measured = g("source:measured")
        let shareText = Grams.fixed(Grams.ratio(measured, g("waste"), scale: 10_000), decimals: 4)
        let basis = WeightBasis(measuredTonnes: measured, estimatedTonnes: g("waste") - measured, measuredShare: Decimal(string: shareText) ?? 0,
                                records: count["waste"] ?? 0, recordsMeasured: count["source:measured"] ?? 0,
                                recordsFromRegister: count["source:register"] ?? 0,
                                recordsCategoryDefault: count["source:category-default"] ?? 0)
        let methodology = """
            Figures are the sums of the weights on the signed disposal records dated in the period, not superseded by a \
            correction, whose waste status is 'waste' (each record listed in the appendix). Each weight is taken to the gram and \
            the sums are exact (integer grams), printed in tonnes with six decimals. Weights are measured at disposal where \
            recorded (measured share \(Grams.fixed(Grams.ratio(measured, g("waste"), scale: 1_000), decimals: 1)) % of the tonnage); \
            otherwise taken from the asset register or estimated from the category median (Boavizta). Hazardous follows the List \
            of Waste code (asterisk codes). Reuse, resale and donation of devices that never became waste are outside ESRS E5 §37 \
            and counted separately, each asset once (by its latest disposal record). Non-recycled waste = waste generated − waste \
            recycled (ESRS 37(d), SFDR PAI 13; preparation for reuse counts as non-recycled).
            """
        return CSRDResourceOutflows(organisation: scope.organisation,
                                    stations: scope.station.map { [$0] } ?? Set(disposals.map(\.station)).sorted(),
                                    customer: scope.customer, customerName: scope.customerName, period: period, generatedAt: generatedAt, figures: figures, weightBasis: basis,
                                    reusedOutsideWaste: OutsideWaste(devices: count["not-waste"] ?? 0, tonnes: g("not-waste"), byRoute: byRoute),
                                    nonRecycledAlternativeTonnes: g("treatment:other-recovery") + g("directed"), methodology: methodology,
                                    records: records)
    }

    /// The header line every format carries: organisation, stations, customer, period.
    public var scopeLine: String {
        var parts = ["Organisation: \(organisation ?? "not configured")",
                     "Stations: \(stations.isEmpty ? "none (no disposal records)" : stations.joined(separator: ", "))"]
        if let customer { parts.append("Customer: \(customer)" + (customerName.map { " (\($0))" } ?? "")) }
        parts.append("Period: \(period.from) to \(period.to)")
        return parts.joined(separator: " · ")
    }

    /// The weight-basis sentence every format carries.
    public var weightSentence: String {
        let w = weightBasis
        return "Weights: \(w.measuredTonnes.tonnesText) t measured, \(w.estimatedTonnes.tonnesText) t from the register or estimated "
            + "(measured share \(w.measuredShare) of the waste tonnage; \(w.records) waste records: \(w.recordsMeasured) measured, "
            + "\(w.recordsFromRegister) from the register, \(w.recordsCategoryDefault) category default)."
    }

    /// The reused-outside-waste sentence every format carries.
    public var outsideWasteSentence: String {
        "Reused outside waste (not in §37): \(reusedOutsideWaste.devices) assets, \(reusedOutsideWaste.tonnes.tonnesText) t."
    }

    public static let appendixHeader = ["Record", "Station", "Asset", "Route", "Disposed on", "Weight (kg)", "Weight basis", "Counted as"]

    func appendixCells(_ r: CountedRecord) -> [String] {
        [r.recordID, r.station, r.assetID, r.route.rawValue, r.disposedOn, r.weight.kilogramsText, r.weightBasis.rawValue, r.countedAs.rawValue]
    }

    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .json: return try Render.json(self)
        case .csv:
            // Three tables, separated by an empty line: the scope, the figures, the appendix.
            var info = [["organisation", organisation ?? ""], ["stations", stations.joined(separator: " ")], ["customer", customer ?? ""],
                        ["customer_name", customerName ?? ""], ["period_from", period.from], ["period_to", period.to], ["generated_at", generatedAt],
                        ["reused_outside_waste_devices", String(reusedOutsideWaste.devices)],
                        ["reused_outside_waste_tonnes", reusedOutsideWaste.tonnes.tonnesText],
                        ["measured_tonnes", weightBasis.measuredTonnes.tonnesText], ["estimated_tonnes", weightBasis.estimatedTonnes.tonnesText],
                        ["measured_share", "\(weightBasis.measuredShare)"]]
            info.append(["non_recycled_alternative_tonnes", nonRecycledAlternativeTonnes.tonnesText])
            let rows = figures.map { f in
                [f.paragraph, f.label, f.text, f.unit, f.element,
                 f.axes["esrs:TypeOfWasteAxis"] ?? "", f.axes["esrs:TypeOfRecoveryOperationsAxis"] ?? f.axes["esrs:TypeOfWasteTreatmentAxis"] ?? ""]
            }
            return CSVTable.document(header: ["field", "value"], rows: info) + "\r\n"
                + CSVTable.document(header: ["paragraph", "label", "value", "unit", "element", "type_of_waste_member", "treatment_member"], rows: rows) + "\r\n"
                + CSVTable.document(header: ["record_id", "station", "asset_id", "route", "disposed_on", "weight_kg", "weight_basis", "counted_as"],
                                    rows: records.map(appendixCells))
        case .html:
            var body = "<p>\(Render.html(scopeLine))</p>\n"
            body += "<table><tr><th>ESRS</th><th>Figure</th><th>Value</th><th>Taxonomy element and members</th></tr>\n"
            for f in figures {
                let axes = f.axes.sorted { $0.key < $1.key }.map { "\($0.value)" }.joined(separator: " × ")
                body += "<tr><td>E5-5 §\(Render.html(f.paragraph))</td><td>\(Render.html(f.label))</td>"
                body += "<td class=\"num\">\(f.text) \(f.unit)</td>"
                body += "<td><code>\(Render.html(f.element))</code>\(axes.isEmpty ? "" : "<br><code>\(Render.html(axes))</code>")</td></tr>\n"
            }
            body += "</table>"
            body += "<p>\(Render.html(weightSentence))</p>"
            body += "<p>\(Render.html(outsideWasteSentence))</p>"
            body += "<p>\(Render.html(methodology))</p>\n"
            body += "<h2>Appendix: disposal records counted</h2>\n"
            body += "<table><tr>" + Self.appendixHeader.map { "<th>\(Render.html($0))</th>" }.joined() + "</tr>\n"
            for r in records {
                body += "<tr>" + appendixCells(r).map { "<td>\(Render.html($0))</td>" }.joined() + "</tr>\n"
            }
            body += "</table>"
            return Render.page(title: "ESRS E5-5 resource outflows: waste", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)", body: body)
        }
    }
}

extension CSRDResourceOutflows.Figure {
    enum CodingKeys: String, CodingKey { case paragraph, label, value, text, unit, grams, element, axes }
}
