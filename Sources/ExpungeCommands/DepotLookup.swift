import DepotClient
import Evidence
import Records
import Station
import StorageModel

/// The asset checker a command uses: the station's record store, and the depot's register first
/// when the station has joined a depot (`expunge depot join`). Lookups wait at most
/// `DepotLookup.timeoutSeconds` for the depot, then use the station's copy and say so.
struct DepotLookup {
    static let timeoutSeconds: Int64 = 3

    let checker: AssetChecker
    let connection: DepotConnection?

    init(store: any RecordStore, customer: String?, home: ExpungeHome, signer: (any DocumentSigning)?) {
        let connection = signer == nil ? nil : try? Outbox(home: home).connection(timeoutSeconds: Self.timeoutSeconds)
        self.connection = connection
        let remote = connection.flatMap { c in signer.map { DepotRegister(connection: c, signer: $0) } }
        checker = AssetChecker(store: store, expectedCustomer: customer, remote: remote)
    }

    /// Closes the connection to the depot, if one was opened.
    func close() async { await connection?.shutdown() }
}
