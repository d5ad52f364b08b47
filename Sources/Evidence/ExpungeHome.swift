import Foundation

/// Where Expunge keeps its state: `$EXPUNGE_HOME`, default `/var/lib/expunge`.
///
/// ```
/// keys/       station.key.pem (0600), station.cert.pem, station.chain.pem, station.csr.pem,
///             station.json, trust.pem
/// ledger/     <station>-<sequence>.json + .p7s: certificates and records, hash-chained
/// journal/    <attempt-id>.json: one entry per wipe attempt, written before the first byte
/// ```
public struct ExpungeHome: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public var keys: String { root + "/keys" }
    public var ledger: String { root + "/ledger" }
    public var journal: String { root + "/journal" }
}
