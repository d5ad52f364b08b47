/// The greenhouse-gas emissions of manufacturing one new device of a category, with the range a
/// published dataset gives, its source and year: what reusing a device instead of making a new
/// one avoids, before any displacement or refurbishment adjustment.
public struct EmbodiedEmissionsFactor: Codable, Sendable, Hashable {
    /// The category key (`laptop`, `desktop`…).
    public var category: String
    /// Central value, kgCO2e per device.
    public var centralKg: Double
    /// The range, kgCO2e per device.
    public var lowKg: Double
    public var highKg: Double
    /// The published dataset and how the figures were taken from it.
    public var source: String
    public var year: Int

    public init(category: String, centralKg: Double, lowKg: Double, highKg: Double, source: String, year: Int) {
        self.category = category
        self.centralKg = centralKg
        self.lowKg = lowKg
        self.highKg = highKg
        self.source = source
        self.year = year
    }

    enum CodingKeys: String, CodingKey {
        case category
        case centralKg = "central_kgco2e"
        case lowKg = "low_kgco2e"
        case highKg = "high_kgco2e"
        case source, year
    }
}
