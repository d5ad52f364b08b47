/// `GET /api/v1/assets/{id}`: the depot's register entry for an asset and what it holds about
/// it, for a station that looks an asset up before wiping (the same facts `expunge asset show`
/// prints).
public struct AssetAnswer: Codable, Sendable, Hashable {
    public struct Certificate: Codable, Sendable, Hashable {
        public var certificateID: String
        public var station: String
        public var result: String
        public var level: String
        public var deviceSerial: String?
        public var endedAt: String

        public init(certificateID: String, station: String, result: String, level: String, deviceSerial: String?, endedAt: String) {
            self.certificateID = certificateID
            self.station = station
            self.result = result
            self.level = level
            self.deviceSerial = deviceSerial
            self.endedAt = endedAt
        }

        enum CodingKeys: String, CodingKey {
            case certificateID = "certificate_id", station, result, level
            case deviceSerial = "device_serial", endedAt = "ended_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(certificateID, forKey: .certificateID)
            try c.encode(station, forKey: .station)
            try c.encode(result, forKey: .result)
            try c.encode(level, forKey: .level)
            try c.encode(deviceSerial, forKey: .deviceSerial)
            try c.encode(endedAt, forKey: .endedAt)
        }
    }

    public var assetID: String
    /// false when the asset exists only because a wipe named it (not imported into the register).
    public var inRegister: Bool
    public var serial: String?
    public var manufacturer: String?
    public var model: String?
    public var category: String?
    public var customer: String?
    /// The lifecycle status, in the words of `expunge asset list` (`sanitized`, `resold`…).
    public var status: String
    public var certificates: [Certificate]
    /// Disposal records that count (not superseded).
    public var disposals: Int

    public init(assetID: String, inRegister: Bool, serial: String?, manufacturer: String?, model: String?, category: String?,
                customer: String?, status: String, certificates: [Certificate], disposals: Int) {
        self.assetID = assetID
        self.inRegister = inRegister
        self.serial = serial
        self.manufacturer = manufacturer
        self.model = model
        self.category = category
        self.customer = customer
        self.status = status
        self.certificates = certificates
        self.disposals = disposals
    }

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", inRegister = "in_register", serial, manufacturer, model, category, customer, status, certificates, disposals
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(assetID, forKey: .assetID)
        try c.encode(inRegister, forKey: .inRegister)
        try c.encode(serial, forKey: .serial)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(model, forKey: .model)
        try c.encode(category, forKey: .category)
        try c.encode(customer, forKey: .customer)
        try c.encode(status, forKey: .status)
        try c.encode(certificates, forKey: .certificates)
        try c.encode(disposals, forKey: .disposals)
    }
}
