/// The depot's ingest API (`/api/v1/…`), as the depot serves it and the station calls it: paths,
/// limits and the JSON bodies. Documented in `Docs/api.md` and
/// `Docs/schemas/depot-api.openapi.yaml`; change the three together.
public enum DepotAPI {
    /// Every path starts with this.
    public static let prefix = "/api/v1"
    public static let enrollPath = prefix + "/enroll"
    public static let documentsPath = prefix + "/documents"
    public static func headPath(station: String) -> String { prefix + "/stations/\(station)/head" }
    public static func assetPath(_ id: String) -> String { prefix + "/assets/\(percentEncoded(id))" }

    /// The largest request body the depot reads: 2 MiB. A document is at most 1 MiB and its
    /// signature 64 KiB (`DocumentLimits`); base64 in JSON adds a third.
    public static let maxRequestBodyBytes = 2 << 20

    /// The request headers of a station-signed `GET` (`GET /api/v1/assets/{id}`).
    public static let stationHeader = "Expunge-Station"
    public static let dateHeader = "Expunge-Date"
    public static let signatureHeader = "Expunge-Signature"
    /// How far a signed request's date may be from the depot's clock.
    public static let requestDateTolerance: Double = 300

    /// Path segments as URLs carry them: unreserved characters as they are, everything else %XX.
    public static func percentEncoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
