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
        public var value: Double
        public var unit: String
        public var element: String
        public var axes: [String: String]
    }

    public struct WeightBasis: Sendable, Hashable, Encodable {
        public var measuredTonnes: Double
        public var estimatedTonnes: Double
        /// Share of the waste tonnage weighed (`--weight-kg`), 0–1.
        public var measuredShare: Double
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
        public var devices: Int
        public var tonnes: Double
        public var byRoute: [String: Int]

        enum CodingKeys: String, CodingKey { case devices, tonnes, byRoute = "by_route" }
    }

    public var schemaVersion = 1
    public var report = "csrd-esrs-e5-5"
    public var taxonomy = "EFRAG ESRS Set 1 XBRL taxonomy 2023-12-22 (https://xbrl.efrag.org/taxonomy/esrs/2023-12-22)"
    public var period: ReportPeriod
    public var generatedAt: String
    public var figures: [Figure]
    public var weightBasis: WeightBasis
    public var reusedOutsideWaste: OutsideWaste
    /// The same non-recycled figure under the alternative reading some tools use (other recovery
    /// + disposal), for comparison; ESRS 37(d) and SFDR PAI 13 use generated − recycled.
    public var nonRecycledAlternativeTonnes: Double
    public var methodology: String

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", report, taxonomy, period, generatedAt = "generated_at", figures
        case weightBasis = "weight_basis", reusedOutsideWaste = "reused_outside_waste"
        case nonRecycledAlternativeTonnes = "non_recycled_alternative_tonnes", methodology
    }

    public func figure(_ element: String, _ axes: [String: String] = [:]) -> Figure? {
        figures.first { $0.element == element && $0.axes == axes }
    }

    /// Running sums over disposal records, so the figures come from one streaming pass.
    struct Accumulator {
        var kg: [String: Double] = [:]
        var count: [String: Int] = [:]
        var byRoute: [String: Int] = [:]

        mutating func add(_ d: DisposalIndexEntry) {
            func bump(_ key: String) { kg[key, default: 0] += d.weightKg; count[key, default: 0] += 1 }
            if d.wasteStatus == .notWaste {
                bump("not-waste")
                byRoute[d.route.rawValue, default: 0] += 1
                return
            }
            bump("waste")
            bump("treatment:\(d.route.esrsTreatment.rawValue)")
            bump("treatment:\(d.route.esrsTreatment.rawValue):\(d.hazardous)")
            bump(d.route.esrsTreatment.isDiverted ? "diverted" : "directed")
            if d.hazardous { bump("hazardous") }
            bump("source:\(d.weightSource.rawValue)")
        }
    }

    public static func build(store: any RecordStore, period: ReportPeriod, generatedAt: String, customer: String? = nil) async throws -> CSRDResourceOutflows {
        var sums = Accumulator()
        try await store.forEachDisposal(from: period.from, to: period.to) { d, owner in
            if customer == nil || owner == customer { sums.add(d) }
        }
        return build(sums, period: period, generatedAt: generatedAt)
    }

    public static func build(disposals: [DisposalIndexEntry], period: ReportPeriod, generatedAt: String) -> CSRDResourceOutflows {
        var sums = Accumulator()
        for d in disposals { sums.add(d) }
        return build(sums, period: period, generatedAt: generatedAt)
    }

    static func build(_ sums: Accumulator, period: ReportPeriod, generatedAt: String) -> CSRDResourceOutflows {
        func kg(_ key: String) -> Double { sums.kg[key] ?? 0 }
        func t(_ key: String) -> Double { Render.tonnes(kg(key)) }
        let hazardAxis = "esrs:TypeOfWasteAxis"
        func hazardMember(_ h: Bool) -> String { h ? "esrs:HazardousWasteMember" : "esrs:NonhazardousWasteMember" }

        var figures: [Figure] = []
        figures.append(Figure(paragraph: "37(a)", label: "Total waste generated", value: t("waste"), unit: "t", element: "esrs:WasteGenerated", axes: [:]))
        figures.append(Figure(paragraph: "37(b)", label: "Waste diverted from disposal", value: t("diverted"), unit: "t",
                              element: "esrs:WasteGeneratedDivertedFromDisposal", axes: [:]))
        for hazardous in [true, false] {
            for treatment in [ESRSTreatment.preparationForReuse, .recycling, .otherRecovery] {
                figures.append(Figure(paragraph: "37(b)", label: "Diverted, \(hazardous ? "hazardous" : "non-hazardous"), \(treatment.rawValue.replacingOccurrences(of: "-", with: " "))",
                                      value: t("treatment:\(treatment.rawValue):\(hazardous)"), unit: "t", element: "esrs:WasteGeneratedDivertedFromDisposal",
                                      axes: [hazardAxis: hazardMember(hazardous), treatment.axis: treatment.axisMember]))
            }
        }
        figures.append(Figure(paragraph: "37(c)", label: "Waste directed to disposal", value: t("directed"), unit: "t",
                              element: "esrs:WasteGeneratedDirectedToDisposal", axes: [:]))
        for hazardous in [true, false] {
            for treatment in [ESRSTreatment.incineration, .landfill, .otherDisposal] {
                figures.append(Figure(paragraph: "37(c)", label: "Directed, \(hazardous ? "hazardous" : "non-hazardous"), \(treatment.rawValue.replacingOccurrences(of: "-", with: " "))",
                                      value: t("treatment:\(treatment.rawValue):\(hazardous)"), unit: "t", element: "esrs:WasteGeneratedDirectedToDisposal",
                                      axes: [hazardAxis: hazardMember(hazardous), treatment.axis: treatment.axisMember]))
            }
        }
        let nonRecycledKg = kg("waste") - kg("treatment:recycling")
        figures.append(Figure(paragraph: "37(d)", label: "Non-recycled waste (generated − recycled)", value: Render.tonnes(nonRecycledKg),
                              unit: "t", element: "esrs:NonrecycledWaste", axes: [:]))
        let percentage = kg("waste") > 0 ? (nonRecycledKg / kg("waste") * 100 * 100).rounded() / 100 : 0
        figures.append(Figure(paragraph: "37(d)", label: "Percentage of non-recycled waste", value: percentage, unit: "%",
                              element: "esrs:PercentageOfNonrecycledWaste", axes: [:]))
        figures.append(Figure(paragraph: "39", label: "Total hazardous waste", value: t("hazardous"), unit: "t",
                              element: "esrs:HazardousWaste", axes: [:]))
        figures.append(Figure(paragraph: "39", label: "Total radioactive waste", value: 0, unit: "t", element: "esrs:RadioactiveWaste", axes: [:]))

        let measuredKg = kg("source:measured")
        let basis = WeightBasis(measuredTonnes: Render.tonnes(measuredKg), estimatedTonnes: Render.tonnes(kg("waste") - measuredKg),
                                measuredShare: kg("waste") > 0 ? (measuredKg / kg("waste") * 10_000).rounded() / 10_000 : 0,
                                records: sums.count["waste"] ?? 0, recordsMeasured: sums.count["source:measured"] ?? 0,
                                recordsFromRegister: sums.count["source:register"] ?? 0,
                                recordsCategoryDefault: sums.count["source:category-default"] ?? 0)
        let alternative = Render.tonnes(kg("treatment:other-recovery") + kg("directed"))
        let methodology = """
            Figures are the sums of the weights on the signed disposal records dated in the period whose waste status is \
            'waste'. Weights are measured at disposal where recorded (measured share \(Render.number(basis.measuredShare * 100, decimals: 1)) % \
            of the tonnage); otherwise taken from the asset register or estimated from the category median (Boavizta). \
            Hazardous follows the List of Waste code (asterisk codes). Reuse, resale and donation of devices that never \
            became waste are outside ESRS E5 §37 and counted separately. Non-recycled waste = waste generated − waste \
            recycled (ESRS 37(d), SFDR PAI 13; preparation for reuse counts as non-recycled).
            """
        return CSRDResourceOutflows(period: period, generatedAt: generatedAt, figures: figures, weightBasis: basis,
                                    reusedOutsideWaste: OutsideWaste(devices: sums.count["not-waste"] ?? 0, tonnes: t("not-waste"), byRoute: sums.byRoute),
                                    nonRecycledAlternativeTonnes: alternative, methodology: methodology)
    }

    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .json: return try Render.json(self)
        case .csv:
            let rows = figures.map { f in
                [f.paragraph, f.label, Render.number(f.value, decimals: f.unit == "%" ? 2 : 6), f.unit, f.element,
                 f.axes["esrs:TypeOfWasteAxis"] ?? "", f.axes["esrs:TypeOfRecoveryOperationsAxis"] ?? f.axes["esrs:TypeOfWasteTreatmentAxis"] ?? ""]
            }
            return CSVTable.document(header: ["paragraph", "label", "value", "unit", "element", "type_of_waste_member", "treatment_member"], rows: rows)
        case .html:
            var body = "<table><tr><th>ESRS</th><th>Figure</th><th>Value</th><th>Taxonomy element and members</th></tr>\n"
            for f in figures {
                let axes = f.axes.sorted { $0.key < $1.key }.map { "\($0.value)" }.joined(separator: " × ")
                body += "<tr><td>E5-5 §\(Render.html(f.paragraph))</td><td>\(Render.html(f.label))</td>"
                body += "<td class=\"num\">\(Render.number(f.value, decimals: f.unit == "%" ? 2 : 3)) \(f.unit)</td>"
                body += "<td><code>\(Render.html(f.element))</code>\(axes.isEmpty ? "" : "<br><code>\(Render.html(axes))</code>")</td></tr>\n"
            }
            body += "</table>"
            body += "<p>Weights: \(Render.number(weightBasis.measuredTonnes)) t measured, \(Render.number(weightBasis.estimatedTonnes)) t from the register or estimated "
            body += "(measured share \(Render.number(weightBasis.measuredShare * 100, decimals: 1)) %; \(weightBasis.records) waste records).</p>"
            body += "<p>Reused outside waste (not in §37): \(reusedOutsideWaste.devices) assets, \(Render.number(reusedOutsideWaste.tonnes)) t.</p>"
            body += "<p>\(Render.html(methodology))</p>"
            return Render.page(title: "ESRS E5-5 resource outflows: waste", subtitle: "Period \(period.from) to \(period.to) · generated \(generatedAt)", body: body)
        }
    }
}

extension CSRDResourceOutflows.Figure {
    enum CodingKeys: String, CodingKey { case paragraph, label, value, unit, element, axes }
}
