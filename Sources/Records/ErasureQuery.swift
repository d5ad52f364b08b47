/// The SQL both record stores share for the erasure register: each certificate with its asset's
/// owner and the asset's latest current disposal, whose columns come back prefixed `d_` so one
/// row decodes into both index entries. The stores differ only in how they pick the latest
/// disposal per asset, which is dialect (`latestDisposalJoin`).
public enum ErasureQuery {
    /// The columns of the `disposal` table, in the order of `DisposalIndexEntry`'s fields.
    public static let disposalColumns = [
        "record_id", "sha256", "asset_id", "route", "waste_status", "recipient", "recipient_certification", "certification_id", "weight_kg",
        "weight_source", "weee_category", "ewc_code", "hazardous", "disposed_on", "transfer_note", "override_reason",
        "media_destroyed_reference", "issued_at", "path", "supersedes",
    ]

    /// `SELECT c.*, a.customer AS asset_customer, d.record_id AS d_record_id, …` joined to the asset
    /// and to `latestDisposalJoin` (a subquery of `current_disposal` aliased `d`), certificates
    /// ended from `from` to `to` (the dialect's two placeholders), ordered by asset and device.
    public static func sql(latestDisposalJoin: String, from: String, to: String) -> String {
        """
        SELECT c.*, a.customer AS asset_customer, \(disposalColumns.filter { $0 != "asset_id" }.map { "d.\($0) AS d_\($0)" }.joined(separator: ", "))
        FROM certificate c
        LEFT JOIN asset a ON a.asset_id = c.asset_id
        LEFT JOIN (\(latestDisposalJoin)) d ON d.asset_id = c.asset_id
        WHERE substr(c.ended_at, 1, 10) BETWEEN \(from) AND \(to)
        ORDER BY c.asset_id, c.device_key, c.issued_at, c.sequence
        """
    }
}
