import Depot
import DepotWeb
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Records
import StorageModel

/// The signed-in console's routes (`Docs/depot.md`, "The console"): sign-in and sign-out, then
/// every `/console` page behind a session cookie, each checked against the role's
/// `ConsoleAction`, every form checked for the session's CSRF token.
///
/// | Method and path | Action | Answers |
/// |---|---|---|
/// | `GET /signin`, `POST /signin` | — | 200 form; 303 signed in; 400 stale form; 401 wrong name or password; 429 throttled |
/// | `POST /signout` | — | 303 to /signin; 403 without the CSRF token |
/// | `GET /console` | view-dashboard | 200 |
/// | `GET /console/assets`, `/console/assets/{id}` | view-assets | 200; 404 |
/// | `GET`, `POST /console/assets/import` | import-register | 200 form or summary; 400, 403, 413, 422 nothing imported |
/// | `GET /console/certificates/{id}.pdf` | download-certificate | 200 PDF; 404; 422 the depot's copy does not verify |
/// | `GET /console/documents/{id}` | view-findings | 303 to the certificate's page or the record's asset; 404 |
/// | `GET /console/stations`; `POST /console/stations/enroll`, `/revoke` | view-stations; manage-stations | 200; 400, 403 |
/// | `GET /console/findings` | view-findings | 200; 400 bad filter |
/// | `GET /console/reports`, `/console/reports/{gdpr,csrd,evidence-pack}` | download-reports | 200 page or file; 400 bad filter; 409 no depot key |
/// | `GET /console/audit` | view-audit-log | 200 |
///
/// Without a session a GET is sent to `/signin?next=…` (303) and a POST refused (403).
enum ConsoleRoutes {
    static let sessionCookie = "expunge_session"
    static let signInCookie = "expunge_signin"
    /// The largest urlencoded form body read.
    static let formLimit = 16 * 1024

    static func add(_ router: Router<DepotRequestContext>, console: DepotConsole, secureCookies: Bool, logger: Logger) {
        let routes = Handlers(console: console, secure: secureCookies || console.publicURL?.hasPrefix("https://") == true, logger: logger)
        router.get("/signin") { request, context in await routes.signInForm(request, context) }
        router.post("/signin") { request, context in await routes.signIn(request, context) }
        router.post("/signout") { request, context in
            await routes.form(request, context, .viewDashboard) { session, _ in
                try await console.desk.signOut(session, address: routes.client(request, context))
                var response = Response(status: .seeOther, headers: [.location: "/signin", .cacheControl: "no-store"])
                response.setCookie(routes.cookie(sessionCookie, "", maxAge: 0))
                return response
            }
        }
        router.get("/console") { request, context in
            await routes.page(request, context, .viewDashboard) { session in try await console.pages.dashboard(session) }
        }
        router.get("/console/assets") { request, context in
            await routes.page(request, context, .viewAssets) { session in
                let (query, problem) = AssetQuery.parse { request.uri.queryParameters.get($0) }
                return try await console.pages.assets(session, query: query, problem: problem)
            }
        }
        router.get("/console/assets/import") { request, context in
            await routes.page(request, context, .importRegister) { session in console.pages.importForm(session) }
        }
        router.post("/console/assets/import") { request, context in await routes.importRegister(request, context) }
        router.get("/console/assets/{id}") { request, context in
            await routes.page(request, context, .viewAssets) { session in
                let raw = try context.parameters.require("id")
                return try await console.pages.asset(session, id: raw.removingPercentEncoding ?? raw)
            }
        }
        router.get("/console/certificates/{file}") { request, context in await routes.certificatePDF(request, context) }
        router.get("/console/documents/{id}") { request, context in
            await routes.respond(request, context, .viewFindings) { session in
                let raw = try context.parameters.require("id")
                guard let target = try await console.pages.documentTarget(raw.removingPercentEncoding ?? raw) else {
                    return routes.html(console.pages.message(session, status: 404, heading: "No such document",
                                                             message: "The depot holds no document with this ID.", remedy: nil))
                }
                return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
            }
        }
        router.get("/console/stations") { request, context in
            await routes.page(request, context, .viewStations) { session in try await console.pages.stations(session) }
        }
        router.post("/console/stations/enroll") { request, context in await routes.enroll(request, context) }
        router.post("/console/stations/revoke") { request, context in await routes.revoke(request, context) }
        router.get("/console/findings") { request, context in
            await routes.page(request, context, .viewFindings) { session in
                let q = request.uri.queryParameters
                let filters = try await console.reports.request(.gdpr, from: routes.value(q.get("from")), to: routes.value(q.get("to")),
                                                                customer: routes.value(q.get("customer")), station: routes.value(q.get("station")), format: nil,
                                                                customerOption: "customer")
                return try await console.pages.findings(session, query: FindingsQuery(period: filters.period, customer: filters.customer?.customerID,
                                                                                      station: filters.station))
            }
        }
        router.get("/console/reports") { request, context in
            await routes.page(request, context, .downloadReports) { session in try await console.pages.reports(session, canSignPacks: console.signer != nil) }
        }
        router.get("/console/reports/{kind}") { request, context in await routes.report(request, context) }
        router.get("/console/audit") { request, context in
            await routes.page(request, context, .viewAuditLog) { session in try await console.pages.audit(session) }
        }
    }

    /// The handlers, over one console.
    struct Handlers: Sendable {
        let console: DepotConsole
        let secure: Bool
        let logger: Logger

        func value(_ text: String?) -> String? {
            guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            return String(t.prefix(200))
        }

        func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
            Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
        }

        func html(_ page: WebPage) -> Response {
            var headers = HTTPFields()
            for (name, value) in WebPage.headers { headers[HTTPField.Name(name)!] = value }
            return Response(status: HTTPResponse.Status(code: page.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.html)))
        }

        /// The live session of the request's cookie, still matching its user's password and role.
        func session(_ request: Request) async throws -> ConsoleSession? {
            guard let token = request.cookies[sessionCookie]?.value, token.utf8.count == 64 else { return nil }
            return try await console.desk.liveSession(token: token)
        }

        /// The client's address: the peer's, or behind the trusted reverse proxy (`--trusted-proxy`)
        /// the last address of its `X-Forwarded-For`.
        func client(_ request: Request, _ context: DepotRequestContext) -> String {
            let peer = context.clientAddress
            guard let proxy = console.trustedProxy, peer == proxy,
                  let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last?
                    .trimmingCharacters(in: .whitespaces), !forwarded.isEmpty, forwarded.utf8.count <= 64 else { return peer }
            return forwarded
        }

        /// A failure behind a page: logged, and a 500 page that changes and claims nothing.
        func failed(_ session: ConsoleSession?, _ context: DepotRequestContext, _ error: any Error) -> Response {
            logger.error("page failed", metadata: ["event": "request-failed", "route": .string(context.endpointPath ?? "?"), "status": "500",
                                                   "cause": .string(String(String(describing: error).prefix(500)))])
            return html(console.pages.message(session, status: 500, heading: "The depot could not answer",
                                              message: "Something failed behind the page; nothing was changed.", remedy: "Retry in a minute; the depot's log has the cause."))
        }

        /// Runs `body` for a signed-in user allowed `action`: otherwise sends a GET to the sign-in
        /// form (coming back here after) and refuses anything else; a refused role gets 403. An
        /// operator error (a bad filter, an unknown customer) is a 400 page with its remedy; any
        /// other failure a 500 page, logged.
        func respond(_ request: Request, _ context: DepotRequestContext, _ action: ConsoleAction,
                     _ body: (ConsoleSession) async throws -> Response) async -> Response {
            let found: ConsoleSession?
            do { found = try await session(request) } catch { return failed(nil, context, error) }
            guard let session = found else {
                if request.method == .get || request.method == .head {
                    let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fconsole"
                    return Response(status: .seeOther, headers: [.location: "/signin?next=\(encoded)", .cacheControl: "no-store"])
                }
                return html(console.pages.message(nil, status: 403, heading: "Signed out", message: "Your session has ended; nothing was changed.",
                                                  remedy: "Sign in again and repeat the action."))
            }
            guard session.may(action) else {
                logger.notice("console refusal", metadata: ["event": "role-refused", "user": .string(session.user), "role": .string(session.role.rawValue),
                                                            "action": .string(action.rawValue)])
                return html(console.pages.refusal(session, action))
            }
            do {
                return try await body(session)
            } catch let e as any OperatorError where e.code == "no-depot-key" || e.exitStatus == .usage || e.exitStatus == .badInput {
                // What the user asked for cannot be done (a bad filter, an unknown customer, no key).
                return html(console.pages.message(session, status: e.code == "no-depot-key" ? 409 : 400, heading: "Cannot do that",
                                                  message: e.message, remedy: e.remedy))
            } catch {
                return failed(session, context, error)
            }
        }

        func page(_ request: Request, _ context: DepotRequestContext, _ action: ConsoleAction,
                  _ body: (ConsoleSession) async throws -> WebPage) async -> Response {
            await respond(request, context, action) { session in html(try await body(session)) }
        }

        /// A POST of a signed-in user: the urlencoded body read (at most `formLimit`), its `csrf`
        /// field compared with the session's token in constant time.
        func form(_ request: Request, _ context: DepotRequestContext, _ action: ConsoleAction,
                  _ body: (ConsoleSession, FormFields) async throws -> Response) async -> Response {
            await respond(request, context, action) { session in
                let buffer: ByteBuffer
                do { buffer = try await request.body.collect(upTo: formLimit) } catch is NIOTooManyBytesError {
                    return html(console.pages.message(session, status: 413, heading: "Form too large", message: "The form is over \(formLimit) bytes.", remedy: nil))
                }
                let fields = FormFields.parse(Array(buffer.readableBytesView))
                guard session.carries(csrf: fields["csrf"]) else { return csrfRefusal(session, context) }
                return try await body(session, fields)
            }
        }

        func csrfRefusal(_ session: ConsoleSession?, _ context: DepotRequestContext) -> Response {
            logger.warning("csrf refusal", metadata: ["event": "csrf-refused", "route": .string(context.endpointPath ?? "?")])
            return html(console.pages.message(session, status: 403, heading: "Form refused",
                                              message: "The form did not carry this session's token (it is stale, or it was not sent from this depot's page); nothing was changed.",
                                              remedy: "Reload the page and submit the form again."))
        }

        // MARK: Sign-in

        /// Where to go after signing in: a console path only (never another site).
        static func next(_ raw: String?) -> String {
            guard let raw, raw.hasPrefix("/console"), !raw.contains("//"), !raw.contains("\\"), raw.utf8.count <= 1000 else { return "/console" }
            return raw
        }

        func signInForm(_ request: Request, _ context: DepotRequestContext) async -> Response {
            let next = Self.next(request.uri.queryParameters.get("next"))
            if (try? await session(request)) ?? nil != nil { return Response(status: .seeOther, headers: [.location: next, .cacheControl: "no-store"]) }
            return freshSignIn(next: next)
        }

        func freshSignIn(next: String, user: String = "", problem: String? = nil, status: Int = 200, extra: HTTPFields = [:]) -> Response {
            let token = ConsoleSession.randomToken()
            var response = html(console.pages.signIn(token: token, next: next, user: user, problem: problem, status: status))
            for field in extra { response.headers.append(field) }
            response.setCookie(cookie(signInCookie, token))
            return response
        }

        func signIn(_ request: Request, _ context: DepotRequestContext) async -> Response {
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: formLimit) } catch {
                return freshSignIn(next: "/console", problem: "The form is too large.", status: 413)
            }
            let fields = FormFields.parse(Array(buffer.readableBytesView))
            let next = Self.next(fields["next"])
            guard let expected = request.cookies[signInCookie]?.value, ConsoleSession.same(fields["csrf"], expected) else {
                logger.warning("csrf refusal", metadata: ["event": "csrf-refused", "route": "/signin"])
                return freshSignIn(next: next, problem: "The sign-in form was stale or not sent from this depot's page. Sign in again.", status: 400)
            }
            let user = fields["user"] ?? ""
            do {
                switch try await console.desk.signIn(user: user, password: fields["password"] ?? "", address: client(request, context)) {
                case .signedIn(let session):
                    logger.info("signed in", metadata: ["event": "sign-in", "user": .string(session.user), "role": .string(session.role.rawValue)])
                    var response = Response(status: .seeOther, headers: [.location: next, .cacheControl: "no-store"])
                    response.setCookie(cookie(sessionCookie, session.token))
                    response.setCookie(cookie(signInCookie, "", maxAge: 0))
                    return response
                case .refused(let message, let retryAfter):
                    logger.notice("sign-in refused", metadata: ["event": "sign-in-refused", "throttled": .string(retryAfter == nil ? "no" : "yes")])
                    var extra = HTTPFields()
                    if let retryAfter {
                        let seconds: Int = max(1, Int(retryAfter.timeIntervalSinceNow.rounded(.up)))
                        extra[.retryAfter] = String(seconds)
                    }
                    return freshSignIn(next: next, user: user, problem: message, status: retryAfter == nil ? 401 : 429, extra: extra)
                }
            } catch {
                logger.error("sign-in failed", metadata: ["event": "request-failed", "route": "/signin", "status": "500",
                                                          "cause": .string(String(String(describing: error).prefix(500)))])
                return freshSignIn(next: next, problem: "The depot could not check the password; retry in a minute.", status: 500)
            }
        }

        // MARK: Actions

        func importRegister(_ request: Request, _ context: DepotRequestContext) async -> Response {
            await respond(request, context, .importRegister) { session in
                let form: UploadForm
                do {
                    form = try await UploadForm.read(request, fields: ["register": ConsolePages.registerLimit, "csrf": 128, "update": 8, "create_customers": 8],
                                                     bodyLimit: ConsolePages.registerLimit + 64 * 1024)
                } catch let rejection as DepotRejection {
                    return html(console.pages.importForm(session, problem: rejection.message + " — " + (rejection.remedy ?? ""),
                                                         status: Int(APIResponse.status(rejection.kind).code)))
                }
                guard session.carries(csrf: form.fields["csrf"].map { String(decoding: $0, as: UTF8.self) }) else { return csrfRefusal(session, context) }
                guard let csv = form.fields["register"], !csv.isEmpty else {
                    return html(console.pages.importForm(session, problem: "Choose the register file (.csv).", status: 400))
                }
                let (page, audit) = try await console.pages.importRegister(session, csv: csv, update: form.fields["update"] != nil,
                                                                           createCustomers: form.fields["create_customers"] != nil)
                if let audit { try await console.desk.audit(user: session.user, address: client(request, context), .registerImport, audit) }
                return html(page)
            }
        }

        func enroll(_ request: Request, _ context: DepotRequestContext) async -> Response {
            await form(request, context, .manageStations) { session, fields in
                let name = fields["station"]?.trimmingCharacters(in: .whitespaces) ?? ""
                do {
                    let token = try await console.enrollment.create(station: name)
                    try await console.desk.audit(user: session.user, address: client(request, context), .stationEnrolled, "station \(name)")
                    return html(try await console.pages.stations(session, token: token, depotURL: baseURL(request)))
                } catch let e as ExpungeError {
                    return html(try await console.pages.stations(session, problem: e.message + (e.remedy.map { ": \($0)" } ?? ""), status: 400))
                }
            }
        }

        func revoke(_ request: Request, _ context: DepotRequestContext) async -> Response {
            await form(request, context, .manageStations) { session, fields in
                let name = fields["station"] ?? ""
                guard fields["confirm"] == "yes" else {
                    return html(try await console.pages.stations(session, confirmRevoke: name))
                }
                guard try await console.enrollment.archive.revokeStation(named: name, at: Timestamp.rfc3339(Date())) else {
                    return html(try await console.pages.stations(session, problem: "There is no station \(name).", status: 400))
                }
                try await console.desk.audit(user: session.user, address: client(request, context), .stationRevoked, "station \(name)")
                logger.notice("station revoked", metadata: ["event": "station-revoked", "station": .string(name), "user": .string(session.user)])
                return html(try await console.pages.stations(session, notice: "Station \(name) is revoked: its pushes are refused from now on; what it pushed before stays."))
            }
        }

        /// The depot's address for links that leave the browser (QR codes, join commands).
        func baseURL(_ request: Request) -> String {
            if let url = console.publicURL { return url }
            let host = request.head.authority ?? "localhost"
            return (secure ? "https://" : "http://") + host
        }

        func certificatePDF(_ request: Request, _ context: DepotRequestContext) async -> Response {
            await respond(request, context, .downloadCertificate) { session in
                let file = try context.parameters.require("file")
                let id = String((file.removingPercentEncoding ?? file).dropLast(file.hasSuffix(".pdf") ? 4 : 0))
                let pdf: [UInt8]?
                do { pdf = try await console.pages.certificatePDF(id: id, verifyBase: baseURL(request)) } catch let e as ExpungeError
                    where ["document-not-verified", "no-station-pin", "not-a-certificate"].contains(e.code) {
                    // The depot's copy does not verify: no PDF is made of it.
                    return html(console.pages.message(session, status: 422, heading: "No PDF of \(id)", message: e.message, remedy: e.remedy))
                }
                guard let pdf, file.hasSuffix(".pdf") else {
                    return html(console.pages.message(session, status: 404, heading: "No such certificate",
                                                      message: "The depot holds no certificate with this ID.", remedy: nil))
                }
                try await console.desk.audit(user: session.user, address: client(request, context), .download, "certificate \(id) PDF")
                return Response(status: .ok, headers: [.contentType: "application/pdf", .cacheControl: "no-store",
                                                       .contentDisposition: "attachment; filename=\"\(Self.fileName(id)).pdf\""],
                                body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
            }
        }

        static func fileName(_ text: String) -> String {
            String(text.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }.prefix(120))
        }

        func report(_ request: Request, _ context: DepotRequestContext) async -> Response {
            await respond(request, context, .downloadReports) { session in
                guard let kind = DepotReports.Kind(rawValue: try context.parameters.require("kind")) else {
                    return html(console.pages.message(session, status: 404, heading: "No such report", message: "The reports are gdpr, csrd and evidence-pack.", remedy: nil))
                }
                let q = request.uri.queryParameters
                let r = try await console.reports.request(kind, from: value(q.get("from")), to: value(q.get("to")), customer: value(q.get("customer")),
                                                          station: kind == .evidencePack ? nil : value(q.get("station")), format: value(q.get("format")),
                                                          customerOption: "customer")
                // In a directory of its own that only the depot's user can enter, removed whatever happens.
                let directory = try FileDownload.privateDirectory()
                do {
                    let path = directory + "/" + r.fileName
                    try await console.reports.write(r, to: path, signer: console.signer, generatedAt: Timestamp.rfc3339(Date()))
                    try await console.desk.audit(user: session.user, address: client(request, context), .download, r.summary)
                    logger.info("report downloaded", metadata: ["event": "download", "user": .string(session.user), "report": .string(r.summary)])
                    return try FileDownload.response(path: path, directory: directory, fileName: r.fileName, contentType: r.contentType)
                } catch {
                    try? FileManager.default.removeItem(atPath: directory)
                    throw error
                }
            }
        }
    }
}
