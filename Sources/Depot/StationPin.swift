import Evidence
import Records
import StorageModel

/// An active station and the certificate the depot pinned for it at enrollment: everything the
/// station signs is verified against exactly this certificate (not against any certificate of a
/// trust store), and the signer's fingerprint must be the pinned one.
public struct StationPin: Sendable {
    public let station: EnrolledStation
    public let certificate: X509Certificate
    public let fingerprint: String

    /// The station named `name`, if it may push: unknown and pending stations are refused as
    /// unauthenticated, revoked ones as forbidden.
    public static func active(_ name: String, in archive: any DepotArchive) async throws -> StationPin {
        try active(try await archive.station(named: name), named: name)
    }

    /// The same from the station's row as already read (nil: unknown).
    public static func active(_ row: EnrolledStation?, named name: String) throws -> StationPin {
        guard let station = row, station.state != .pending else {
            throw DepotRejection(.unauthenticated, code: "unknown-station", "station \(name) is not enrolled at this depot",
                                 remedy: "enroll it: `expunge-depot station enroll \(name)` on the depot, then `expunge depot join` on the station")
        }
        guard station.state == .active else {
            throw DepotRejection(.forbidden, code: "station-revoked", "station \(name) was revoked at this depot",
                                 remedy: "an administrator must enroll the station again (`expunge-depot station enroll \(name)`) if it is trusted")
        }
        guard let pem = station.certificatePEM, let certificate = X509Certificate.load(pem: Array(pem.utf8)),
              let fingerprint = station.certificateSHA256, certificate.fingerprintSHA256 == fingerprint else {
            throw DepotRejection(.unauthenticated, code: "unknown-station", "station \(name) has no usable pinned certificate",
                                 remedy: "enroll the station again")
        }
        return StationPin(station: station, certificate: certificate, fingerprint: fingerprint)
    }

    /// A trust store holding only the pinned certificate.
    public var trust: TrustStore { TrustStore(pinning: certificate) }

    /// Refuses a verified signer that is not the pinned certificate.
    func requirePinned(signer fingerprint: String?) throws(DepotRejection) {
        guard fingerprint == self.fingerprint else {
            throw DepotRejection(.unauthenticated, code: "signer-not-enrolled",
                                 "the signature of station \(station.name) was not made with the certificate pinned at enrollment",
                                 remedy: "sign with the enrolled station key; after changing the key, have the station enrolled again")
        }
    }

    /// The rejection for a signature that did not verify against the pin.
    static func rejection(_ failure: CMSSignature.Failure, station: String) -> DepotRejection {
        switch failure {
        case .untrustedSigner:
            DepotRejection(.unauthenticated, code: "signer-not-enrolled",
                           "the signature of station \(station) was not made with the certificate pinned at enrollment (or outside its validity)",
                           remedy: "sign with the enrolled station key; after changing the key, have the station enrolled again")
        case .malformed, .contentMismatch, .other:
            DepotRejection(.invalid, code: "bad-signature", "the signature does not verify: \(failure.description)",
                           remedy: "send the document's exact bytes with the detached signature the station made for them")
        }
    }
}
