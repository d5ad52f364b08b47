import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// Enrollment: an administrator makes a one-time token for a station name on the depot
/// (`expunge-depot station enroll NAME`); the station redeems it with its certificate
/// (`expunge depot join`, `POST /api/v1/enroll`), which the depot pins. The token is single use
/// and stored only as its SHA-256.
public struct EnrollmentDesk: Sendable {
    public let archive: any DepotArchive
    public let now: @Sendable () -> Date

    public init(archive: any DepotArchive, now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive
        self.now = now
    }

    /// A new pending enrollment for `station` (replacing an unused earlier token); the token is
    /// returned once and never stored.
    public func create(station: String) async throws -> EnrollmentToken {
        guard StationConfiguration.isValidStationName(station) else {
            throw ExpungeError(.usage, code: "invalid-station-name", "invalid station name \"\(DisplayString.sanitize(station) ?? "?")\"",
                               remedy: "use the station's name as `expunge keys show` prints it: 1–64 letters, digits, '.', '_' or '-'")
        }
        let token = EnrollmentToken.generate(station: station)
        do {
            try await archive.createEnrollment(station: station, tokenSHA256: token.sha256, at: Timestamp.rfc3339(now()))
        } catch DepotArchiveError.stationExists {
            throw ExpungeError(.failed, code: "station-enrolled", "station \(station) is already enrolled",
                               remedy: "revoke it first (`expunge-depot station revoke \(station)`) to enroll it again with a new certificate")
        }
        return token
    }

    /// Redeems `token` with the station certificate (PEM): the certificate's common name must be
    /// the station the token was made for, and it must be valid now.
    public func redeem(token text: String, certificatePEM: String) async throws -> EnrollResponse {
        let token = EnrollmentToken(text: text)
        guard let station = token.station else {
            throw DepotRejection(.unauthenticated, code: "invalid-token", "the enrollment token is not one this depot issues",
                                 remedy: "copy the whole token `expunge-depot station enroll` printed")
        }
        guard certificatePEM.utf8.count <= DocumentLimits.maxTrustAnchorBytes,
              let certificate = X509Certificate.load(pem: Array(certificatePEM.utf8)) else {
            throw DepotRejection(.invalid, code: "invalid-certificate", "certificate_pem holds no PEM certificate",
                                 remedy: "send the station certificate (keys/station.cert.pem)")
        }
        guard certificate.commonName == station else {
            throw DepotRejection(.invalid, code: "certificate-mismatch",
                                 "the certificate is for \(DisplayString.sanitize(certificate.commonName ?? "") ?? "?"), the token for station \(station)",
                                 remedy: "join from the station the token was made for")
        }
        let clock = now()
        if let notAfter = certificate.notAfter, notAfter < clock {
            throw DepotRejection(.invalid, code: "certificate-expired", "the station certificate expired on \(Timestamp.rfc3339(notAfter))",
                                 remedy: "renew the station certificate (`expunge keys init --force` or a new CA-issued one), then join")
        }
        if let notBefore = certificate.notBefore, notBefore > clock {
            throw DepotRejection(.invalid, code: "certificate-not-yet-valid", "the station certificate is not valid before \(Timestamp.rfc3339(notBefore))",
                                 remedy: "check the station's and the depot's clocks (UTC)")
        }
        let at = Timestamp.rfc3339(clock)
        let pem = String(decoding: certificate.pem, as: UTF8.self)
        guard let enrolled = try await archive.redeemEnrollment(tokenSHA256: token.sha256, certificatePEM: pem,
                                                                certificateSHA256: certificate.fingerprintSHA256, at: at) else {
            throw DepotRejection(.unauthenticated, code: "invalid-token", "the enrollment token is unknown, already used or revoked",
                                 remedy: "ask the depot administrator for a new token (`expunge-depot station enroll \(station)`)")
        }
        return EnrollResponse(station: enrolled.name, certificateSHA256: certificate.fingerprintSHA256, enrolledAt: enrolled.enrolledAt ?? at)
    }
}
