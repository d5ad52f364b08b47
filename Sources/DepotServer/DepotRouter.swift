import DepotAPI
import Depot
import DepotWeb
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The ingest API's routes (`Docs/api.md`):
///
/// | Method and path | Answers |
/// |---|---|
/// | `POST /api/v1/enroll` | 200 enrolled; 400, 401 wrong token, 413, 422 bad certificate |
/// | `POST /api/v1/documents` | 200 stored / already stored; 400, 401, 403, 409, 413, 422 |
/// | `POST /api/v1/stations/{name}/head` | 200 witnessed (with any findings); 400, 401, 403, 413, 422 |
/// | `GET /api/v1/assets/{id}` | 200; 400, 401, 403, 404 (station-signed) |
///
/// and the public web pages (`Docs/auditor.md`), HTML without script:
///
/// | `GET /verify/{id}[?sha256=HEX]` | 200 genuine or not genuine; 400 malformed ID or hash; 404 unknown ID |
/// | `GET /verify[?id=ID&sha256=HEX]` | 200 the form; 303 to `/verify/{id}` |
/// | `POST /verify` (multipart: `document`, `signature`) | 200 the verdict on the uploaded pair (nothing stored); 400, 413 |
/// | `POST /verify` (multipart: `pack`, a ZIP up to 32 MiB) | 200 the evidence pack's verdict (nothing stored); 400 not a pack, 409 nothing to trust yet, 413 |
/// | `GET /static/expunge.css` | the stylesheet |
///
/// and, when the depot has a record store, the signed-in console (`ConsoleRoutes`).
public enum DepotRouter {
    public static func build(services: DepotServices, logger: Logger, secureCookies: Bool = false) -> Router<DepotRequestContext> {
        let router = Router(context: DepotRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: logger))

        router.post("/api/v1/enroll") { request, _ -> Response in
            let body = try await readJSON(EnrollRequest.self, from: request)
            let enrolled = try await services.enrollment.redeem(token: body.token, certificatePEM: body.certificatePEM)
            logger.info("station enrolled", metadata: ["event": "station-enrolled", "station": .string(enrolled.station),
                                                      "certificate_sha256": .string(enrolled.certificateSHA256)])
            return try APIResponse.json(enrolled)
        }

        router.post("/api/v1/documents") { request, _ -> Response in
            let body = try await readJSON(DocumentUpload.self, from: request)
            let receipt = try await services.ingest.receive(document: try decode(body.document, field: "document"),
                                                            signature: try decode(body.signature, field: "signature"))
            return try APIResponse.json(receipt)
        }

        router.post("/api/v1/stations/{name}/head") { request, context -> Response in
            let name = try context.parameters.require("name")
            let body = try await readJSON(HeadUpload.self, from: request)
            let receipt = try await services.witness.witness(station: name, statement: try decode(body.statement, field: "statement"),
                                                             signature: try decode(body.signature, field: "signature"))
            for finding in receipt.findings {
                logger.warning("finding recorded", metadata: ["event": "finding", "station": .string(finding.station), "kind": .string(finding.kind),
                                                             "detail": .string(finding.detail)])
            }
            return try APIResponse.json(receipt)
        }

        router.get("/api/v1/assets/{id}") { request, context -> Response in
            let raw = try context.parameters.require("id")
            _ = try await services.authenticator.authenticate(
                method: "GET", path: request.uri.path, station: request.headers[values: HTTPField.Name(DepotAPI.stationHeader)!].first,
                date: request.headers[values: HTTPField.Name(DepotAPI.dateHeader)!].first,
                signature: request.headers[values: HTTPField.Name(DepotAPI.signatureHeader)!].first)
            guard let lookup = services.assets else {
                throw DepotRejection(.notFound, code: "no-register", "this depot keeps no asset register", remedy: "look the asset up at the station")
            }
            guard let id = raw.removingPercentEncoding else {
                throw DepotRejection(.malformed, code: "invalid-asset-id", "the asset ID in the path is not percent-encoded UTF-8",
                                     remedy: "percent-encode the asset tag")
            }
            return try APIResponse.json(try await lookup.answer(id))
        }
        addWebRoutes(router, services: services, logger: logger)
        if let console = services.console { ConsoleRoutes.add(router, console: console, secureCookies: secureCookies, logger: logger) }
        return router
    }

    static func addWebRoutes(_ router: Router<DepotRequestContext>, services: DepotServices, logger: Logger) {
        router.get("/verify/{id}") { request, context -> Response in
            let raw = try context.parameters.require("id")
            return await html(request, context, logger: logger) {
                try await services.verification.page(id: raw.removingPercentEncoding ?? raw, sha256: request.uri.queryParameters.get("sha256"))
            }
        }
        router.get("/verify") { request, context -> Response in
            let id = request.uri.queryParameters.get("id")?.trimmingCharacters(in: .whitespaces) ?? ""
            let sha = request.uri.queryParameters.get("sha256")?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !id.isEmpty else { return await html(request, context, logger: logger) { services.verification.lookup() } }
            guard let path = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) else {
                return await html(request, context, logger: logger) { services.verification.lookup(problem: "That is not a certificate ID", id: id) }
            }
            let shaQuery = sha.isEmpty ? "" : "?sha256=" + (sha.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            return Response(status: .seeOther, headers: [.location: "/verify/\(path)\(shaQuery)", .cacheControl: "no-store"])
        }
        router.post("/verify") { request, context -> Response in
            let form: UploadForm
            do {
                form = try await UploadForm.read(request, fields: ["document": VerificationPage.uploadFileLimit,
                                                                   "signature": VerificationPage.uploadFileLimit,
                                                                   "pack": VerificationPage.packFileLimit],
                                                 bodyLimit: VerificationPage.packBodyLimit)
            } catch let rejection as DepotRejection {
                return await html(request, context, logger: logger) {
                    var page = services.verification.lookup(problem: rejection.message + " — " + (rejection.remedy ?? ""))
                    page.status = Int(APIResponse.status(rejection.kind).code)
                    return page
                }
            }
            if let pack = form.fields["pack"], !pack.isEmpty {
                return await html(request, context, logger: logger) { try await services.verification.uploadedPack(pack) }
            }
            return await html(request, context, logger: logger) {
                try await services.verification.uploaded(document: form.fields["document"], signature: form.fields["signature"])
            }
        }
        router.get("/") { _, _ -> Response in
            Response(status: .seeOther, headers: [.location: "/verify"])
        }
        router.get(RouterPath(stringLiteral: Stylesheet.path)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600",
                                            HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
    }

    /// An HTML page with the security headers. A failure behind the page (the database) is a
    /// 500 page, logged like the API's; the visitor is told to retry, never shown a verdict.
    static func html(_ request: Request, _ context: DepotRequestContext, logger: Logger, _ page: () async throws -> WebPage) async -> Response {
        let answer: WebPage
        do {
            answer = try await page()
        } catch {
            logger.error("page failed", metadata: [
                "event": "request-failed", "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "?"),
                "status": "500", "cause": .string(String(String(describing: error).prefix(500))),
            ])
            answer = WebPage(status: 500, html: "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Depot unavailable</title>"
                             + "<link rel=\"stylesheet\" href=\"/static/expunge.css\"></head><body><main><h1>The depot could not answer</h1>"
                             + "<p>Nothing was decided about the certificate. Retry in a minute; the depot's log has the cause.</p></main></body></html>")
        }
        var headers = HTTPFields()
        for (name, value) in WebPage.headers { headers[HTTPField.Name(name)!] = value }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.html)))
    }

    /// Reads a JSON body of at most `DepotAPI.maxRequestBodyBytes` and decodes it.
    static func readJSON<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let limit = DepotAPI.maxRequestBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw bodyTooLarge() }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw bodyTooLarge() }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw DepotRejection(.malformed, code: "missing-field", "the JSON body lacks \"\(key.stringValue)\"", remedy: "see Docs/api.md for the request body")
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw DepotRejection(.malformed, code: "malformed-json", "the body is not a JSON object", remedy: "send JSON (Content-Type: application/json)")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw DepotRejection(.malformed, code: "wrong-type", "the JSON field \"\(field)\" has the wrong type", remedy: "see Docs/api.md for the request body")
        } catch {
            throw DepotRejection(.malformed, code: "malformed-json", "the body is not a JSON object", remedy: "send JSON (Content-Type: application/json)")
        }
    }

    static func decode(_ text: String, field: String) throws -> [UInt8] {
        guard let bytes = Base64.decode(text) else {
            throw DepotRejection(.malformed, code: "malformed-base64", "\"\(field)\" is not base64", remedy: "encode the bytes as padded base64 (RFC 4648)")
        }
        return bytes
    }

    static func bodyTooLarge() -> DepotRejection {
        DepotRejection(.tooLarge, code: "body-too-large", "the request body is over \(DepotAPI.maxRequestBodyBytes) bytes",
                       remedy: "send one document (at most 1 MiB) per request")
    }
}
