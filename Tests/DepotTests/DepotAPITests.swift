import DepotAPI
import Depot
import DepotServer
import Evidence
import Fakes
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Records
import RecordsSQLite
import StorageModel
import Synchronization
import Testing
import TestSupport

/// Log lines kept in memory, to check what the depot logs about rejected requests.
final class RecordedLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { label in RecordingLogHandler(log: self, label: label) }
    }

    struct RecordingLogHandler: LogHandler {
        let log: RecordedLog
        let label: String
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = JSONLinesLogHandler.line(level: event.level, label: label, message: event.message.description, metadata: all, at: Date())
            log.lines.withLock { $0.append(line) }
        }
    }

    /// The rejected-request lines, decoded.
    var rejections: [[String: Any]] {
        lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["event"] as? String == "request-rejected" }
    }
}

@Suite("depot HTTP API, in process: every status code")
struct DepotAPITests {
    let fixture: DepotFixture
    let log = RecordedLog()

    init() async throws { fixture = try await DepotFixture() }

    func app(store: (any RecordStore)? = nil, archive: (any DepotArchive)? = nil) throws -> some ApplicationProtocol {
        let services = DepotServices(archive: archive ?? fixture.archive, store: store)
        return try DepotServer(services: services, listen: ListenAddress(host: "127.0.0.1", port: 0), tls: nil, logger: log.logger).application()
    }

    static func json(_ value: some Encodable) throws -> ByteBuffer { ByteBuffer(bytes: try JSONEncoder().encode(value)) }

    static func error(_ response: TestResponse) -> APIErrorBody? {
        try? JSONDecoder().decode(APIErrorBody.self, from: Data(response.body.readableBytesView))
    }

    static let headers: HTTPFields = [.contentType: "application/json"]

    // MARK: Documents

    @Test func documentsAreStoredThenAlreadyStored() async throws {
        let doc = try fixture.certify()
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(doc.upload)) { r in
                #expect(r.status == .ok)
                let receipt = try JSONDecoder().decode(DocumentReceipt.self, from: Data(r.body.readableBytesView))
                #expect(receipt.status == .stored && receipt.documentID == doc.id)
                #expect(r.headers[.contentType] == "application/json")
            }
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(doc.upload)) { r in
                #expect(r.status == .ok)
                let receipt = try JSONDecoder().decode(DocumentReceipt.self, from: Data(r.body.readableBytesView))
                #expect(receipt.status == .alreadyStored)
            }
        }
        #expect(fixture.archive.documentCount == 1)
        #expect(log.rejections.isEmpty)
    }

    @Test func aForkIs409WithAFinding() async throws {
        let original = try fixture.certify()
        let fork = try fixture.certify(in: fixture.otherLedger())
        try await app().test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(original.upload))
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(fork.upload)) { r in
                #expect(r.status == .conflict)
                #expect(Self.error(r)?.code == "document-conflict")
                #expect(Self.error(r)?.remedy.isEmpty == false)
            }
        }
        #expect(try await fixture.archive.findings(station: nil).map(\.kind) == [.forkedChain])
    }

    @Test func anInvalidDocumentIs422AndNothingIsStored() async throws {
        let doc = try fixture.certify { $0.errors = [WipeErrorRecord(operation: "write", range: nil, errno: "EIO", message: "x")] }
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(doc.upload)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(Self.error(r)?.code == "invalid-document")
            }
        }
        #expect(fixture.archive.documentCount == 0)
    }

    @Test func anUnknownStationIs401AndARevokedOne403() async throws {
        let stranger = try TestStation(name: "STRANGER-1")
        let doc = try Signed(stranger.certify())
        let own = try fixture.certify()
        _ = try await fixture.archive.revokeStation(named: fixture.name, at: Timestamp.rfc3339(Date()))
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(doc.upload)) { r in
                #expect(r.status == .unauthorized)
                #expect(Self.error(r)?.code == "unknown-station")
            }
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(own.upload)) { r in
                #expect(r.status == .forbidden)
                #expect(Self.error(r)?.code == "station-revoked")
            }
        }
        #expect(fixture.archive.documentCount == 0)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let big = ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: " "), count: DepotAPI.maxRequestBodyBytes + 1))
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: big) { r in
                #expect(r.status == .contentTooLarge)
                #expect(Self.error(r)?.code == "body-too-large")
            }
        }
    }

    @Test func malformedBodiesAre400() async throws {
        let cases: [(String, String)] = [
            ("{not json", "malformed-json"),
            ("[]", "malformed-json"),
            (#"{"document": "AAAA"}"#, "missing-field"),
            (#"{"document": 5, "signature": "AAAA"}"#, "wrong-type"),
            (#"{"document": "***", "signature": "AAAA"}"#, "malformed-base64"),
        ]
        try await app().test(.router) { client in
            for (body, code) in cases {
                try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .badRequest, "\(body)")
                    #expect(Self.error(r)?.code == code, "\(body)")
                }
            }
        }
        #expect(fixture.archive.documentCount == 0)
    }

    @Test func unknownPathsAre404WithTheErrorBody() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/nothing", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(Self.error(r)?.code == "not-found")
            }
        }
    }

    @Test func everyRejectionIsLoggedAsOneJSONLineWithItsReasonAndWithoutTheDocument() async throws {
        let doc = try fixture.certify { $0.errors = [WipeErrorRecord(operation: "write", range: nil, errno: "EIO", message: "x")] }
        try await app().test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: try Self.json(doc.upload))
            _ = try await client.execute(uri: "/api/v1/documents", method: .post, headers: Self.headers, body: ByteBuffer(string: "{"))
        }
        let lines = log.rejections
        #expect(lines.count == 2)
        #expect(lines.map { $0["code"] as? String } == ["invalid-document", "malformed-json"])
        #expect(lines.allSatisfy { ($0["reason"] as? String)?.isEmpty == false && $0["route"] as? String == "/api/v1/documents" })
        let text = log.lines.withLock { $0.joined() }
        #expect(!text.contains("ASSET-1") && !text.contains("op-1"), "no document content, operator or asset in the log")
    }

    // MARK: Enrollment

    @Test func enrollmentAnswers200ThenRefusesTheSpentToken() async throws {
        let station = try TestStation(name: "ENR-API")
        let token = try await EnrollmentDesk(archive: fixture.archive).create(station: "ENR-API")
        let body = EnrollRequest(token: token.text, certificatePEM: String(decoding: station.signer.certificate.pem, as: UTF8.self))
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/enroll", method: .post, headers: Self.headers, body: try Self.json(body)) { r in
                #expect(r.status == .ok)
                let enrolled = try JSONDecoder().decode(EnrollResponse.self, from: Data(r.body.readableBytesView))
                #expect(enrolled.station == "ENR-API" && enrolled.certificateSHA256 == station.signer.certificate.fingerprintSHA256)
            }
            try await client.execute(uri: "/api/v1/enroll", method: .post, headers: Self.headers, body: try Self.json(body)) { r in
                #expect(r.status == .unauthorized)
                #expect(Self.error(r)?.code == "invalid-token")
            }
            let garbage = EnrollRequest(token: token.text, certificatePEM: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
            try await client.execute(uri: "/api/v1/enroll", method: .post, headers: Self.headers, body: try Self.json(garbage)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(Self.error(r)?.code == "invalid-certificate")
            }
        }
    }

    // MARK: Heads

    @Test func aHeadPushAnswersWithTheWitnessedHeadAndFindings() async throws {
        let one = try fixture.certify(), two = try fixture.certify()
        for d in [one, two] { _ = try await fixture.ingest.receive(document: d.document, signature: d.signature) }
        let consistent = try fixture.statement(sequence: 2, sha256: two.sha256)
        let lower = try fixture.statement(sequence: 1, sha256: one.sha256)
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/stations/\(fixture.name)/head", method: .post, headers: Self.headers,
                                     body: try Self.json(HeadUpload(statement: consistent.bytes, signature: consistent.signature))) { r in
                #expect(r.status == .ok)
                let receipt = try JSONDecoder().decode(HeadReceipt.self, from: Data(r.body.readableBytesView))
                #expect(receipt.witnessedSequence == 2 && receipt.findings.isEmpty)
            }
            try await client.execute(uri: "/api/v1/stations/\(fixture.name)/head", method: .post, headers: Self.headers,
                                     body: try Self.json(HeadUpload(statement: lower.bytes, signature: lower.signature))) { r in
                #expect(r.status == .ok)
                let receipt = try JSONDecoder().decode(HeadReceipt.self, from: Data(r.body.readableBytesView))
                #expect(receipt.findings.map(\.kind) == ["tail-deleted"])
            }
            try await client.execute(uri: "/api/v1/stations/OTHER-1/head", method: .post, headers: Self.headers,
                                     body: try Self.json(HeadUpload(statement: lower.bytes, signature: lower.signature))) { r in
                #expect(r.status == .unprocessableContent)
                #expect(Self.error(r)?.code == "station-mismatch")
            }
        }
    }

    // MARK: Assets

    @Test func assetLookupsAreSignedByAnEnrolledStation() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-depot-api-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try SQLiteDepotArchive(path: directory + "/depot.sqlite")
        let desk = EnrollmentDesk(archive: archive)
        let token = try await desk.create(station: fixture.name)
        _ = try await desk.redeem(token: token.text, certificatePEM: String(decoding: fixture.station.signer.certificate.pem, as: UTF8.self))
        let doc = try fixture.certify(asset: "LAP-42")
        _ = try await DepotIngest(archive: archive).receive(document: doc.document, signature: doc.signature)

        @Sendable func signed(_ id: String, date: Date = Date()) throws -> HTTPFields {
            let path = DepotAPI.assetPath(id)
            let at = Timestamp.rfc3339(date)
            let signature = try fixture.station.signer.sign(SignedRequest.message(method: "GET", path: path, station: fixture.name, date: at))
            return [HTTPField.Name(DepotAPI.stationHeader)!: fixture.name, HTTPField.Name(DepotAPI.dateHeader)!: at,
                    HTTPField.Name(DepotAPI.signatureHeader)!: Base64.encode(signature)]
        }
        try await app(store: archive.records, archive: archive).test(.router) { client in
            try await client.execute(uri: DepotAPI.assetPath("LAP-42"), method: .get, headers: try signed("LAP-42")) { r in
                #expect(r.status == .ok)
                let answer = try JSONDecoder().decode(AssetAnswer.self, from: Data(r.body.readableBytesView))
                #expect(answer.assetID == "LAP-42" && answer.status == "sanitized" && answer.inRegister == false)
                #expect(answer.certificates.map(\.certificateID) == [doc.id])
            }
            try await client.execute(uri: DepotAPI.assetPath("LAP-404"), method: .get, headers: try signed("LAP-404")) { r in
                #expect(r.status == .notFound)
                #expect(Self.error(r)?.code == "unknown-asset")
            }
            try await client.execute(uri: DepotAPI.assetPath("LAP-42"), method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(Self.error(r)?.code == "unsigned-request")
            }
            try await client.execute(uri: DepotAPI.assetPath("LAP-42"), method: .get, headers: try signed("LAP-42", date: Date().addingTimeInterval(-900))) { r in
                #expect(r.status == .unauthorized)
                #expect(Self.error(r)?.code == "stale-request")
            }
            try await client.execute(uri: DepotAPI.assetPath("LAP-42"), method: .get, headers: try signed("OTHER")) { r in
                #expect(r.status == .unprocessableContent)
                #expect(Self.error(r)?.code == "bad-signature", "a signature over another path")
            }
        }
    }
}
