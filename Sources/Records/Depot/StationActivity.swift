/// What the depot holds of one station's chain, in one aggregate read: for the console's
/// stations page and dashboard ("last seen").
public struct StationActivity: Sendable, Hashable {
    public var station: String
    /// Documents held.
    public var documents: Int
    /// The highest sequence held.
    public var highestSequence: UInt64
    /// When the newest document arrived (RFC 3339 UTC).
    public var lastReceivedAt: String

    public init(station: String, documents: Int, highestSequence: UInt64, lastReceivedAt: String) {
        self.station = station
        self.documents = documents
        self.highestSequence = highestSequence
        self.lastReceivedAt = lastReceivedAt
    }
}
