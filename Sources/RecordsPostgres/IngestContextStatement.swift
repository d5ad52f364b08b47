import PostgresNIO
import Records
import StorageModel

/// What ingest reads before it verifies a pushed document, prepared once per connection: the
/// station's row and the chain around the document (the held document with its ID, and the
/// station's documents at sequence ± 1). One row per neighbour, or one row without, each
/// carrying the station's row (or NULLs).
struct IngestContextStatement: PostgresPreparedStatement {
    typealias Row = (station: EnrolledStation?, link: ChainNeighbours.Link?)

    static let name = "expunge_ingest_context"

    static let sql = """
        SELECT s.name, s.state, s.certificate_pem, s.certificate_sha256, s.created_at, s.enrolled_at, s.revoked_at,
               n.document_id, n.station, n.sequence, n.sha256, n.previous_sha256
        FROM (SELECT 1) AS one
        LEFT JOIN depot_station AS s ON s.name = $2
        LEFT JOIN (\(ChainNeighbours.sql(parameters: ["$1", "$2", "$3", "$4"]))) AS n ON true
        """

    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .int8, .int8]

    let id: String
    let station: String
    let sequence: UInt64

    func makeBindings() throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: 4)
        binds.append(id)
        binds.append(station)
        binds.append(Int64(clamping: max(sequence, 1) - 1))
        binds.append(Int64(clamping: sequence) &+ 1)
        return binds
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let r = ColumnReader(row)
        let station = try r("name", as: String?.self) == nil ? nil : try PostgresDepotArchive.station(r)
        let link = try r("document_id", as: String?.self) == nil ? nil : try PostgresDepotArchive.link(r)
        return (station, link)
    }
}
