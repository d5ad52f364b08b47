import StorageModel

/// Where an asset goes after sanitization (`expunge dispose --route`).
public enum DisposalRoute: String, Codable, Sendable, CaseIterable {
    case reuse
    case resale
    case donation
    case preparationForReuse = "preparation-for-reuse"
    case recycling
    case otherRecovery = "other-recovery"
    case incineration
    case landfill
    case otherDisposal = "other-disposal"

    /// Routes after which the device (and any data left on it) leaves the depot's control: they
    /// need a passed certificate for every storage device, or destroyed media.
    public var releasesDevice: Bool {
        switch self {
        case .reuse, .resale, .donation, .preparationForReuse, .recycling: true
        case .otherRecovery, .incineration, .landfill, .otherDisposal: false
        }
    }

    /// Whether a device on this route is waste by default (a legal call the operator may
    /// override with `--waste-status`; compliance reference §1.1).
    public var defaultWasteStatus: WasteStatus {
        switch self {
        case .reuse, .resale, .donation: .notWaste
        default: .waste
        }
    }

    /// The lifecycle status the route leads to.
    public var lifecycleStatus: LifecycleStatus {
        switch self {
        case .reuse: .redeployed
        case .resale, .preparationForReuse: .resold
        case .donation: .donated
        case .recycling, .otherRecovery: .recycled
        case .incineration, .landfill, .otherDisposal: .destroyed
        }
    }

    /// The ESRS E5-5 treatment for waste on this route (reuse/resale/donation of waste counts as
    /// preparation for reuse).
    public var esrsTreatment: ESRSTreatment {
        switch self {
        case .reuse, .resale, .donation, .preparationForReuse: .preparationForReuse
        case .recycling: .recycling
        case .otherRecovery: .otherRecovery
        case .incineration: .incineration
        case .landfill: .landfill
        case .otherDisposal: .otherDisposal
        }
    }
}

public enum WasteStatus: String, Codable, Sendable, CaseIterable {
    case waste
    case notWaste = "not-waste"
}

/// ESRS E5-5 §37 treatments, with the EFRAG taxonomy axis members.
public enum ESRSTreatment: String, Codable, Sendable, CaseIterable {
    case preparationForReuse = "preparation-for-reuse"
    case recycling
    case otherRecovery = "other-recovery"
    case incineration
    case landfill
    case otherDisposal = "other-disposal"

    public var isDiverted: Bool { self == .preparationForReuse || self == .recycling || self == .otherRecovery }

    public var axisMember: String {
        switch self {
        case .preparationForReuse: "esrs:PreparationForReuseMember"
        case .recycling: "esrs:RecyclingMember"
        case .otherRecovery: "esrs:OtherRecoveryOperationsMember"
        case .incineration: "esrs:IncinerationMember"
        case .landfill: "esrs:LandfillMember"
        case .otherDisposal: "esrs:OtherDisposalOperationsMember"
        }
    }

    public var axis: String { isDiverted ? "esrs:TypeOfRecoveryOperationsAxis" : "esrs:TypeOfWasteTreatmentAxis" }
}

/// Downstream certification schemes recorded for the recipient.
public enum RecipientCertification: String, Codable, Sendable, CaseIterable {
    case r2v3
    case eStewards = "e-stewards"
    case weeelabex
    case naidAAA = "naid-aaa"
    case adisa
}

/// An asset's lifecycle status, derived from its events.
public enum LifecycleStatus: String, Codable, Sendable, CaseIterable {
    case recovered
    case sanitized
    case sanitizationFailed = "sanitization-failed"
    /// Every device's latest attempt passed, but some certificate covers only part of its drive
    /// (an NVMe namespace of a controller with other namespaces or unallocated capacity) and
    /// nothing covers the rest.
    case sanitizationIncomplete = "sanitization-incomplete"
    case awaitingDestruction = "awaiting-destruction"
    case redeployed
    case resold
    case donated
    case recycled
    case destroyed
}

/// Where a weight came from (ESRS E5 §40, AR 33(c): measured or estimated).
public enum WeightSource: String, Codable, Sendable, CaseIterable {
    /// Weighed at disposal (`--weight-kg`).
    case measured
    /// From the asset register (the import's `weight_kg`).
    case register
    /// The category's median weight: an estimate.
    case categoryDefault = "category-default"

    public var isMeasured: Bool { self == .measured }
}

/// Reference data from the compliance brief: List of Waste codes, WEEE categories, default weights.
public enum ComplianceReference {
    /// IT-relevant List of Waste (2000/532/EC) codes; `*` marks hazardous waste.
    public static let ewcCodes: [String: String] = [
        "16 02 11*": "discarded equipment containing chlorofluorocarbons, HCFC, HFC",
        "16 02 13*": "discarded equipment containing hazardous components other than those in 16 02 09 to 16 02 12",
        "16 02 14": "discarded equipment other than those mentioned in 16 02 09 to 16 02 13",
        "16 02 15*": "hazardous components removed from discarded equipment",
        "16 02 16": "components removed from discarded equipment other than those mentioned in 16 02 15",
        "16 06 01*": "lead batteries",
        "16 06 02*": "Ni-Cd batteries",
        "16 06 03*": "mercury-containing batteries",
        "16 06 04": "alkaline batteries (except 16 06 03)",
        "16 06 05": "other batteries and accumulators",
        "20 01 21*": "fluorescent tubes and other mercury-containing waste",
        "20 01 23*": "discarded equipment containing chlorofluorocarbons",
        "20 01 35*": "discarded electrical and electronic equipment containing hazardous components",
        "20 01 36": "discarded electrical and electronic equipment other than those in 20 01 21, 20 01 23 and 20 01 35",
        "19 12 02": "ferrous metal",
        "19 12 03": "non-ferrous metal",
        "19 12 11*": "other wastes from mechanical treatment of waste containing hazardous substances",
        "19 12 12": "other wastes from mechanical treatment of wastes other than those in 19 12 11",
    ]

    /// Normalises `16 02 14`, `160214`, `16-02-14*` to the canonical `16 02 14` form; nil if unknown.
    public static func ewcCode(_ input: String) -> String? {
        let digits = input.filter(\.isNumber)
        let star = input.contains("*")
        guard digits.count == 6 else { return nil }
        let d = Array(digits)
        let code = "\(d[0])\(d[1]) \(d[2])\(d[3]) \(d[4])\(d[5])" + (star ? "*" : "")
        // A hazardous code given without its asterisk is not accepted: the asterisk is part of it.
        return ewcCodes[code] != nil ? code : nil
    }

    /// Hazardous follows the code: the asterisk, never a separate flag.
    public static func isHazardous(ewcCode: String) -> Bool { ewcCode.hasSuffix("*") }

    /// WEEE Directive 2012/19/EU Annex III categories.
    public static let weeeCategories: [Int: String] = [
        1: "Temperature exchange equipment",
        2: "Screens, monitors, and equipment containing screens > 100 cm²",
        3: "Lamps",
        4: "Large equipment (any external dimension > 50 cm)",
        5: "Small equipment (no external dimension > 50 cm)",
        6: "Small IT and telecommunication equipment (no external dimension > 50 cm)",
    ]

    /// Median weights (kg) per asset category (Boavizta, compliance reference §8): estimates.
    public static let categoryDefaultWeightKg: [String: Double] = [
        "laptop": 1.65, "notebook": 1.65, "desktop": 5.26, "monitor": 5.73, "smartphone": 0.17, "phone": 0.17, "tablet": 0.73,
    ]

    /// Where the embodied-emissions factors come from.
    public static let embodiedEmissionsSource = "Boavizta, digital product carbon footprint repository (environmental-footprint-data, "
        + "boavizta-data-us.csv, February 2023: manufacturers' product carbon footprint sheets), per-category statistics computed in the "
        + "project's compliance reference §8: central = median embodied (non-use-phase) GWP; range = the category's 10th–90th "
        + "percentile of total GWP × its mean manufacturing share"

    /// Manufacturing (embodied) emissions of one new device per asset category, kgCO2e, from the
    /// Boavizta dataset (see `embodiedEmissionsSource`). Categories without a sourced figure (servers,
    /// loose drives, network gear…) have none: their devices are counted, never estimated.
    public static let embodiedEmissions: [String: EmbodiedEmissionsFactor] = {
        let rows: [(String, Double, Double, Double)] = [
            // category, central (median embodied), low (p10 total × share), high (p90 total × share)
            ("laptop", 236, 156, 338),       // n = 452; total p10–p90 195–422, manufacturing share 0.80
            ("desktop", 249, 174, 578),      // n = 259; 267–889 × 0.65
            ("monitor", 333, 205, 490),      // n = 296; 331–790 × 0.62
            ("smartphone", 53, 31, 69),      // n = 50; 40–89 × 0.77
            ("tablet", 71, 43, 97),          // n = 22; 63–141 × 0.69
        ]
        var table: [String: EmbodiedEmissionsFactor] = [:]
        for (category, central, low, high) in rows {
            table[category] = EmbodiedEmissionsFactor(category: category, centralKg: central, lowKg: low, highKg: high,
                                                      source: embodiedEmissionsSource, year: 2023)
        }
        table["notebook"] = table["laptop"].map { var f = $0; f.category = "notebook"; return f }
        table["phone"] = table["smartphone"].map { var f = $0; f.category = "phone"; return f }
        return table
    }()

    /// Rule-of-thumb WEEE category per asset category.
    public static let categoryDefaultWEEE: [String: Int] = [
        "laptop": 2, "notebook": 2, "monitor": 2, "tablet": 2, "desktop": 6, "smartphone": 6, "phone": 6, "router": 6, "printer": 6,
        "server": 4, "hdd": 6, "ssd": 6, "nvme": 6, "usb-stick": 6, "memory-card": 6, "network": 6,
    ]

    /// The category key for a register category ("Laptop", "laptops", "Notebook" → "laptop"):
    /// the controlled vocabulary's word when it is one, else the text lower-cased.
    public static func categoryKey(_ category: String?) -> String? {
        if let c = category, let known = AssetCategory.parse(c) { return known.rawValue }
        guard var c = category?.lowercased().trimmingSpaces(), !c.isEmpty else { return nil }
        if c.hasSuffix("s") && categoryDefaultWeightKg[String(c.dropLast())] != nil { c.removeLast() }
        return c
    }
}
