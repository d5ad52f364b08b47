/// The runs of sequences a station's chain lacks below its highest held document, in SQL that
/// SQLite (3.25 and later) and PostgreSQL both run: each held sequence beside the one before it
/// (0 before the first), and a run wherever the two are not adjacent. It reads the station's
/// `(station, sequence)` index and returns only the runs, however long the chain.
public enum MissingSequencesQuery {
    /// The statement, with the station bound by `stationParameter` (`?` or `$1`).
    public static func sql(stationParameter: String) -> String {
        """
        SELECT previous + 1 AS first, sequence - 1 AS last FROM (
            SELECT sequence, COALESCE(LAG(sequence) OVER (ORDER BY sequence), 0) AS previous
            FROM depot_document WHERE station = \(stationParameter)
        ) AS held WHERE sequence > previous + 1 ORDER BY sequence
        """
    }
}
