import StorageModel

/// An asset (a laptop, a server) as the register knows it.
public struct AssetRecord: Codable, Sendable, Hashable {
    public var assetID: String
    @NullCoded public var serial: String?
    @NullCoded public var manufacturer: String?
    @NullCoded public var model: String?
    @NullCoded public var category: String?
    /// The customer / owner: the data controller.
    @NullCoded public var customer: String?
    @NullCoded public var weightKg: Double?
    /// false when the asset was created by a wipe because it was not in the imported register.
    public var inRegister: Bool
    public var createdAt: String

    public init(assetID: String, serial: String?, manufacturer: String?, model: String?, category: String?,
                customer: String?, weightKg: Double?, inRegister: Bool, createdAt: String) {
        self.assetID = assetID
        self.serial = serial
        self.manufacturer = manufacturer
        self.model = model
        self.category = category
        self.customer = customer
        self.weightKg = weightKg
        self.inRegister = inRegister
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id"
        case serial, manufacturer, model, category, customer
        case weightKg = "weight_kg"
        case inRegister = "in_register"
        case createdAt = "created_at"
    }

    /// Asset IDs: 1–128 printable ASCII characters, no spaces (the same rule as `wipe --asset`).
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    /// Weights outside this range are refused as absurd for one IT asset.
    public static let plausibleWeightKg: ClosedRange<Double> = 0.001...2000
}
