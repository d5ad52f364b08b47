/// What the depot checks a pushed document against, read in one query: the document it already
/// holds under the same ID, and the station's documents just before and just after the pushed
/// sequence — their IDs and hashes only, never their bytes.
public struct ChainNeighbours: Sendable, Hashable {
    /// One held document, as the chain checks see it.
    public struct Link: Sendable, Hashable {
        public var id: String
        public var station: String
        public var sequence: UInt64
        public var sha256: String
        public var previousSHA256: String?

        public init(id: String, station: String, sequence: UInt64, sha256: String, previousSHA256: String?) {
            self.id = id
            self.station = station
            self.sequence = sequence
            self.sha256 = sha256
            self.previousSHA256 = previousSHA256
        }
    }

    /// The document held under the pushed document's ID.
    public var sameID: Link?
    /// The station's document at `sequence − 1`.
    public var predecessor: Link?
    /// The station's document at `sequence + 1`.
    public var successor: Link?

    public init(sameID: Link? = nil, predecessor: Link? = nil, successor: Link? = nil) {
        self.sameID = sameID
        self.predecessor = predecessor
        self.successor = successor
    }

    /// Sorts the rows of `ChainNeighbours.sql` (or any held documents) into their roles.
    public init(_ links: [Link], id: String, station: String, sequence: UInt64) {
        self.init()
        for link in links {
            if link.id == id { sameID = link }
            guard link.station == station else { continue }
            if sequence > 1 && link.sequence == sequence - 1 { predecessor = link }
            if link.sequence == sequence + 1 { successor = link }
        }
    }

    /// The statement for SQLite and PostgreSQL, parameters in order: ID, station, first and last
    /// sequence (`sequence − 1`, `sequence + 1`). Both use the primary key and the
    /// `(station, sequence)` index.
    public static func sql(parameters p: [String]) -> String {
        "SELECT document_id, station, sequence, sha256, previous_sha256 FROM depot_document "
            + "WHERE document_id = \(p[0]) OR (station = \(p[1]) AND sequence BETWEEN \(p[2]) AND \(p[3]))"
    }
}
