import StorageModel

/// A station's ledger head as the depot saw it (sequence and SHA-256 of the newest document).
public struct WitnessedHead: Codable, Sendable, Hashable {
    public var station: String
    public var sequence: UInt64
    public var sha256: String
    public var witnessedAt: String

    public init(station: String, sequence: UInt64, sha256: String, witnessedAt: String) {
        self.station = station
        self.sequence = sequence
        self.sha256 = sha256
        self.witnessedAt = witnessedAt
    }
}
