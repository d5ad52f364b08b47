import DepotAPI
import Evidence
import Foundation
import Records
import StorageModel

/// Authenticates a station-signed request without a body (`SignedRequest`): the station is
/// enrolled and active, the signature over method, path, name and date verifies against its
/// pinned certificate, and the date is within `DepotAPI.requestDateTolerance` of the depot's clock.
public struct RequestAuthenticator: Sendable {
    public let archive: any DepotArchive
    public let now: @Sendable () -> Date

    public init(archive: any DepotArchive, now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive
        self.now = now
    }

    public func authenticate(method: String, path: String, station: String?, date: String?, signature: String?) async throws -> EnrolledStation {
        guard let station, let date, let signature else {
            throw DepotRejection(.unauthenticated, code: "unsigned-request",
                                 "the request lacks the \(DepotAPI.stationHeader), \(DepotAPI.dateHeader) and \(DepotAPI.signatureHeader) headers",
                                 remedy: "only enrolled stations may ask; sign the request as `expunge` does")
        }
        guard let signatureBytes = Base64.decode(signature), signatureBytes.count <= DocumentLimits.maxSignatureBytes else {
            throw DepotRejection(.malformed, code: "malformed-signature", "\(DepotAPI.signatureHeader) is not base64", remedy: "sign the request as `expunge` does")
        }
        guard StationConfiguration.isValidStationName(station) else {
            throw DepotRejection(.unauthenticated, code: "unknown-station", "\(DepotAPI.stationHeader) names no valid station",
                                 remedy: "send the enrolled station's name")
        }
        let pin = try await StationPin.active(station, in: archive)
        let clock = now()
        guard let signedAt = Timestamp.parse(date), abs(signedAt.timeIntervalSince(clock)) <= DepotAPI.requestDateTolerance else {
            throw DepotRejection(.unauthenticated, code: "stale-request",
                                 "the request was signed for \(DisplayString.sanitize(date) ?? "?"), more than \(Int(DepotAPI.requestDateTolerance)) s from the depot's clock",
                                 remedy: "check that the station's clock is set (UTC)")
        }
        let message = SignedRequest.message(method: method, path: path, station: station, date: date)
        switch CMSSignature.verify(message, signature: signatureBytes, trust: pin.trust, at: clock) {
        case .failure(let f): throw StationPin.rejection(f, station: station)
        case .success(let signer): try pin.requirePinned(signer: signer.fingerprintSHA256)
        }
        return pin.station
    }
}
