import Depot
import DepotServer
import DepotWeb
import Evidence
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Records
import RecordsSQLite
import StorageModel
import TestSupport

/// A depot on a throw-away SQLite database (archive and record store in one file, as
/// `expunge-depot serve` opens it) with one enrolled station that signs real certificates, one
/// user per role (cheap scrypt parameters: the hash records them), and the console's routes.
final class ConsoleFixture: @unchecked Sendable {
    let directory: String
    let archive: SQLiteDepotArchive
    let station: TestStation
    let ingest: DepotIngest
    let console: DepotConsole
    let log = RecordedLog()
    static let password = "correct horse battery staple"

    init(secureCookies: Bool = false, publicURL: String = "https://depot.test", trustedProxy: String? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-console-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        archive = try SQLiteDepotArchive(path: directory + "/depot.sqlite")
        station = try TestStation(name: "CONSOLE-ST1")
        ingest = DepotIngest(archive: archive)
        let desk = EnrollmentDesk(archive: archive)
        let token = try await desk.create(station: station.signer.station.name)
        _ = try await desk.redeem(token: token.text, certificatePEM: String(decoding: station.signer.certificate.pem, as: UTF8.self))
        let hasher = PasswordHasher(logN: 10)
        for role in DepotUser.Role.allCases {
            try await archive.addUser(DepotUser(name: role.rawValue, passwordHash: try hasher.hash(Self.password), role: role, createdAt: Timestamp.rfc3339(Date())))
        }
        console = DepotConsole(archive: archive, store: archive.records, version: "test", signer: station.signer, publicURL: publicURL,
                               trustedProxy: trustedProxy, hasher: hasher)
        self.secureCookies = secureCookies
    }

    let secureCookies: Bool

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func app() -> some ApplicationProtocol {
        let services = DepotServices(archive: archive, store: archive.records, depotCertificatePEM: station.signer.certificate.pem, console: console)
        return Application(router: DepotRouter.build(services: services, logger: log.logger, secureCookies: secureCookies))
    }

    /// A certificate signed by the station and pushed through the real ingest.
    @discardableResult
    func push(asset: String, _ result: WipeResult = .passed, edit: (inout WipeCertificate) -> Void = { _ in }) async throws -> LedgerEntry {
        let entry = try station.certify(TestStation.outcome(result), asset: asset, edit: edit)
        let document = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry.documentPath)))
        let signature = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry.signaturePath)))
        _ = try await ingest.receive(document: document, signature: signature)
        return entry
    }
}

/// A browser's side of the console in process: it keeps the cookies it is given and sends them
/// back, and reads the CSRF token of the last page.
final class ConsoleBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastBody = ""
    /// Sent with every request (an `X-Forwarded-For` from a proxy…).
    var extraHeaders = HTTPFields()

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        var headers = extraHeaders
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    func keep(_ r: TestResponse) {
        for line in r.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    @discardableResult
    func get(_ uri: String) async throws -> (TestResponse, String) {
        let r = try await client.execute(uri: uri, method: .get, headers: cookieHeader, body: nil)
        keep(r)
        lastBody = String(buffer: r.body)
        return (r, lastBody)
    }

    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)]) async throws -> (TestResponse, String) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(r)
        lastBody = String(buffer: r.body)
        return (r, lastBody)
    }

    @discardableResult
    func upload(_ uri: String, _ parts: [(name: String, file: String?, bytes: [UInt8])]) async throws -> (TestResponse, String) {
        let boundary = "----expunge-console-boundary"
        var body: [UInt8] = []
        for p in parts {
            let file = p.file.map { "; filename=\"\($0)\"" } ?? ""
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(p.name)\"\(file)\r\n\r\n".utf8) + p.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        keep(r)
        lastBody = String(buffer: r.body)
        return (r, lastBody)
    }

    /// The `csrf` hidden field of the last page.
    var csrf: String {
        guard let range = lastBody.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(lastBody[range.upperBound...].prefix(64))
    }

    /// Signs in through the form, as a browser does; returns the POST's answer.
    @discardableResult
    func signIn(_ user: String, password: String = ConsoleFixture.password, next: String = "/console") async throws -> (TestResponse, String) {
        try await get("/signin")
        return try await post("/signin", [("csrf", csrf), ("user", user), ("password", password), ("next", next)])
    }
}
