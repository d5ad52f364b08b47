import StorageModel

/// The controlled vocabulary of asset categories. Registers name them in many ways ("Notebook",
/// "Laptops", "Smartphone", "USB Flash Drive"); the importer maps the usual synonyms to these
/// words, which the reports group by and which give the default WEEE category and weight.
public enum AssetCategory: String, Codable, Sendable, CaseIterable {
    case laptop, desktop, server, monitor, phone, tablet
    case hdd, ssd, nvme
    case usbStick = "usb-stick"
    case memoryCard = "memory-card"
    case printer, network
    /// Equipment that is none of the above (named so on purpose, never by default).
    case other

    /// Other names registers use, compared after `normalised(_:)`.
    public var synonyms: [String] {
        switch self {
        case .laptop: ["notebook", "ultrabook", "chromebook", "macbook", "portable", "portable computer", "notebook computer", "laptop computer"]
        case .desktop: ["pc", "desktop pc", "desktop computer", "workstation", "tower", "mini pc", "small form factor", "sff", "all-in-one", "aio", "thin client"]
        case .server: ["rack server", "blade", "blade server", "tower server", "nas", "storage server"]
        case .monitor: ["display", "screen", "lcd", "lcd monitor", "tft"]
        case .phone: ["smartphone", "mobile", "mobile phone", "cell phone", "cellphone", "handset", "iphone"]
        case .tablet: ["ipad", "tablet pc"]
        case .hdd: ["hard disk", "hard drive", "hard disk drive", "disk", "disk drive", "sata disk", "sas disk"]
        case .ssd: ["solid state drive", "solid-state drive", "sata ssd", "sas ssd"]
        case .nvme: ["nvme ssd", "nvme drive", "m.2", "m.2 ssd"]
        case .usbStick: ["usb", "usb stick", "usb drive", "usb flash drive", "flash drive", "thumb drive", "pen drive", "memory stick"]
        case .memoryCard: ["sd card", "sd", "microsd", "micro sd", "cf card", "compactflash"]
        case .printer: ["mfp", "multifunction printer", "multi-function printer", "copier", "scanner"]
        case .network: ["router", "switch", "firewall", "access point", "network device", "networking"]
        case .other: []
        }
    }

    /// WEEE Directive 2012/19/EU Annex III category by rule of thumb (a laptop or tablet has a
    /// screen > 100 cm²: 2; a server is large equipment: 4; the rest is small IT: 6). `other`
    /// has none: the operator states it.
    public var defaultWEEECategory: Int? {
        switch self {
        case .laptop, .monitor, .tablet: 2
        case .server: 4
        case .desktop, .phone, .hdd, .ssd, .nvme, .usbStick, .memoryCard, .printer, .network: 6
        case .other: nil
        }
    }

    /// Lower case, spaces collapsed, `_` read as a space.
    static func normalised(_ text: String) -> String {
        text.lowercased().replacingAll("_", with: " ").trimmingSpaces()
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The category a register's word names: the word itself, a synonym, or their plural
    /// ("Laptops", "hard drives"); nil when it is none of them.
    public static func parse(_ text: String) -> AssetCategory? {
        let n = normalised(text)
        guard !n.isEmpty else { return nil }
        let candidates = [n] + (n.hasSuffix("s") ? [String(n.dropLast())] : []) + (n.hasSuffix("es") ? [String(n.dropLast(2))] : [])
        for c in candidates {
            if let category = allCases.first(where: { $0.rawValue == c || $0.rawValue.replacingAll("-", with: " ") == c || $0.synonyms.contains(c) }) {
                return category
            }
        }
        return nil
    }

    /// The vocabulary, for error messages.
    public static var vocabulary: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
