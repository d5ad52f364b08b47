/// A station-signed request without a body (`GET /api/v1/assets/{id}`): the station signs
/// `method`, `path`, its name and the date, one per line, with its station key (detached CMS, as
/// documents are signed), and sends the name, the date and the signature (base64) in the
/// `Expunge-Station`, `Expunge-Date` and `Expunge-Signature` headers. The depot verifies the
/// signature against the station's pinned certificate and refuses a date further than
/// `DepotAPI.requestDateTolerance` seconds from its clock.
public enum SignedRequest {
    /// The bytes the station signs.
    public static func message(method: String, path: String, station: String, date: String) -> [UInt8] {
        Array("\(method)\n\(path)\n\(station)\n\(date)\n".utf8)
    }
}
