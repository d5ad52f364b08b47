import Depot
import DepotWeb
import Foundation
import Records

/// What the HTTP API calls: the depot's services over one archive (and, for asset lookups, the
/// depot's record store). Built by `expunge-depot serve`; tests build it over a memory archive.
public struct DepotServices: Sendable {
    public let ingest: DepotIngest
    public let witness: HeadWitness
    public let enrollment: EnrollmentDesk
    public let authenticator: RequestAuthenticator
    /// Asset lookups; nil when the depot has no record store (`GET /assets` then answers 404).
    public let assets: AssetLookup?
    /// The public verification pages (`/verify/{id}`).
    public let verification: VerificationPage
    /// The signed-in console (`/console`); nil when the depot has no record store.
    public let console: DepotConsole?

    /// `depotCertificatePEM`: the depot's own certificate, trusted (with every active station's
    /// pin) for evidence packs uploaded to `/verify`.
    public init(archive: any DepotArchive, store: (any RecordStore)?, depotCertificatePEM: [UInt8]? = nil, console: DepotConsole? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        ingest = DepotIngest(archive: archive, now: now)
        witness = HeadWitness(archive: archive, now: now)
        enrollment = EnrollmentDesk(archive: archive, now: now)
        authenticator = RequestAuthenticator(archive: archive, now: now)
        assets = store.map(AssetLookup.init)
        verification = VerificationPage(check: CertificateCheck(archive: archive, store: store), depotCertificatePEM: depotCertificatePEM)
        self.console = console
    }
}
