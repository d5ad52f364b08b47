import Depot
import Evidence
import Foundation
import Records

/// What the signed-in console's routes use: the pages, the sign-in desk (sessions, throttle,
/// audit log), the reports, the enrollment desk, and the depot's own signer for evidence packs.
public struct DepotConsole: Sendable {
    public let pages: ConsolePages
    public let desk: SignInDesk
    public let reports: DepotReports
    public let enrollment: EnrollmentDesk
    /// The depot's key (`expunge-depot keys init`); nil: evidence packs cannot be downloaded.
    public let signer: StationSigner?
    /// The depot's address as stations and phones reach it (`--public-url`), for the QR codes of
    /// PDFs and the join command shown at enrollment; nil: taken from the request's Host.
    public let publicURL: String?
    /// The reverse proxy's address (`--trusted-proxy`): from it, the client's address is the last
    /// one of `X-Forwarded-For`; from anywhere else that header is ignored.
    public let trustedProxy: String?

    public init(archive: any DepotArchive, store: any RecordStore, version: String, signer: StationSigner?, publicURL: String?,
                trustedProxy: String? = nil, hasher: PasswordHasher = PasswordHasher(), now: @escaping @Sendable () -> Date = { Date() }) {
        pages = ConsolePages(archive: archive, store: store, version: version, now: now)
        desk = SignInDesk(archive: archive, sessions: SessionBook(now: now), throttle: SignInThrottle(now: now), hasher: hasher, now: now)
        reports = DepotReports(archive: archive, store: store)
        enrollment = EnrollmentDesk(archive: archive, now: now)
        self.signer = signer
        self.publicURL = publicURL
        self.trustedProxy = trustedProxy
    }
}
