import DepotAPI
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
import Reports
import StorageModel
import Testing
import TestSupport

/// The public verification page (`/verify/{id}`, the QR code's target), in process: what it
/// says for a genuine, a tampered, an unknown and a malformed certificate, that it shows no
/// personal data, escapes what drives report, and carries the security headers.
@Suite("depot web: public verification page")
struct VerificationPageTests {
    let fixture: DepotFixture
    let log = RecordedLog()

    init() async throws { fixture = try await DepotFixture() }

    func app() throws -> some ApplicationProtocol {
        try DepotServer(services: DepotServices(archive: fixture.archive, store: nil), listen: ListenAddress(host: "127.0.0.1", port: 0),
                        tls: nil, logger: log.logger).application()
    }

    /// A certificate pushed through the real ingest.
    func pushed(_ edit: (inout WipeCertificate) -> Void = { _ in }) async throws -> Signed {
        let doc = try fixture.certify(asset: "LAP-7", edit: edit)
        _ = try await fixture.ingest.receive(document: doc.document, signature: doc.signature)
        return doc
    }

    func get(_ uri: String, _ check: @escaping @Sendable (TestResponse, String) throws -> Void) async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in try check(r, String(buffer: r.body)) }
        }
    }

    @Test func aGenuineCertificateSaysSoAndWhatWasDoneWithoutPersonalData() async throws {
        let doc = try await pushed { c in
            c.customer = "MUELLER"
            c.customerName = "Müller GmbH"
            c.operatorID = "jane.doe"
        }
        try await get("/verify/\(doc.id)?sha256=\(doc.sha256)") { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("Genuine: signed by an enrolled station and unchanged"))
            #expect(body.contains(#"<div class="banner passed"><strong>PASSED"#) || body.contains(#"<div class="banner passed"><strong>"#))
            #expect(body.contains("Your copy"))
            #expect(body.contains(doc.sha256))
            #expect(body.contains("LAP-7"))
            #expect(body.contains("Clear"))
            #expect(!body.contains("Müller") && !body.contains("MUELLER"), "customer shown")
            #expect(!body.contains("jane.doe"), "operator shown")
            #expect(body.contains("not shown on this page"))
            #expect(!body.contains("<script"))
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        }
    }

    @Test func aFailedCertificateIsGenuineButShownRed() async throws {
        let doc = try fixture.certify(asset: "LAP-8")
        _ = doc
        let failed = try Signed(fixture.station.certify(TestStation.outcome(.failed), asset: "LAP-8"))
        // Sequence 1 first, then 2: the chain links.
        _ = try await fixture.ingest.receive(document: doc.document, signature: doc.signature)
        _ = try await fixture.ingest.receive(document: failed.document, signature: failed.signature)
        try await get("/verify/\(failed.id)") { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("Genuine"))
            #expect(body.contains(#"<div class="banner failed"><strong>FAILED"#))
            #expect(body.contains("links to the depot&#39;s copy of \(doc.id)"))
            #expect(!body.contains("Your copy"), "no hash was given")
        }
    }

    @Test func aCopyWithAnotherHashIsNotGenuine() async throws {
        let doc = try await pushed()
        let other = String(repeating: "ab", count: 32)
        try await get("/verify/\(doc.id)?sha256=\(other)") { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("NOT GENUINE"))
            #expect(body.contains("your copy is not this certificate"))
            #expect(!body.contains("What the certificate says"), "nothing is vouched for")
        }
    }

    @Test func aTamperedArchiveIsNotGenuine() async throws {
        let doc = try fixture.certify(asset: "LAP-9")
        let json = String(decoding: doc.document, as: UTF8.self).replacingOccurrences(of: "\"LAP-9\"", with: "\"LAP-X\"")
        let bytes = Array(json.utf8)
        let indexable = try #require(IndexableDocument.decode(bytes, path: DepotIngest.archivePath(doc.id)))
        _ = try await fixture.archive.archive(
            ArchivedDocument(id: doc.id, kind: .wipeCertificate, station: fixture.name, sequence: doc.sequence, previousSHA256: nil,
                             sha256: SHA256Digest.hex(bytes), document: bytes, signature: doc.signature, receivedAt: Timestamp.rfc3339(Date())),
            indexing: indexable.indexed, asset: nil)
        try await get("/verify/\(doc.id)") { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("NOT GENUINE"))
            #expect(body.contains("does not verify against the certificate station"))
            #expect(!body.contains("LAP-X"), "a document that does not verify is not shown")
        }
    }

    @Test func whatADriveReportsIsEscaped() async throws {
        let doc = try await pushed { c in
            c.device.model = "<script>alert(1)</script>"
            c.device.serial = "SN\u{1b}[31m-\u{7}1"
            c.deviceAtEnd = c.device
        }
        try await get("/verify/\(doc.id)") { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!body.contains("<script"))
            #expect(!body.contains("\u{1b}") && !body.contains("\u{7}"))
        }
    }

    @Test func anUnknownIDIs404AndAMalformedOne400() async throws {
        try await get("/verify/NOPE-1-000001") { r, body in
            #expect(r.status == .notFound)
            #expect(body.contains("This depot holds no certificate NOPE-1-000001"))
        }
        try await get("/verify/%3Cscript%3E") { r, body in
            #expect(r.status == .badRequest)
            #expect(body.contains("&lt;script&gt;"))
            #expect(!body.contains("<script"))
        }
        try await get("/verify/DEPOT-T1-1-000001?sha256=xyz") { r, body in
            #expect(r.status == .badRequest)
            #expect(body.contains("not a SHA-256"))
        }
    }

    @Test func theFormRedirectsToThePageAndTheStylesheetIsServed() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/verify", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains(#"<form method="get" action="/verify">"#))
            }
            try await client.execute(uri: "/verify?id=ABC-1-000002&sha256=\(String(repeating: "0", count: 64))", method: .get) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/verify/ABC-1-000002?sha256=\(String(repeating: "0", count: 64))")
            }
            try await client.execute(uri: Stylesheet.path, method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/css; charset=utf-8")
            }
        }
    }

    @Test func aRevokedStationsEarlierCertificateStaysGenuineWithTheRevocationShown() async throws {
        let doc = try await pushed()
        #expect(try await fixture.archive.revokeStation(named: fixture.name, at: "2026-12-01T00:00:00Z"))
        try await get("/verify/\(doc.id)") { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("Genuine"))
            #expect(body.contains("was revoked on 2026-12-01T00:00:00Z"))
        }
    }

    // MARK: Uploads

    static func multipart(_ parts: [(name: String, file: String, bytes: [UInt8])]) -> (HTTPFields, ByteBuffer) {
        let boundary = "----expunge-test-boundary"
        var body: [UInt8] = []
        for p in parts {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(p.name)\"; filename=\"\(p.file)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += p.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    func post(_ parts: [(name: String, file: String, bytes: [UInt8])], _ check: @escaping @Sendable (TestResponse, String) throws -> Void) async throws {
        let (headers, body) = Self.multipart(parts)
        try await app().test(.router) { client in
            try await client.execute(uri: "/verify", method: .post, headers: headers, body: body) { r in try check(r, String(buffer: r.body)) }
        }
    }

    @Test func anUploadedPairIsVerifiedAgainstThePinAndComparedWithTheDepotsCopy() async throws {
        let held = try await pushed()
        try await post([("document", "a.json", held.document), ("signature", "a.p7s", held.signature)]) { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("Genuine"))
            #expect(body.contains("the depot holds exactly this document"))
        }
        let notPushed = try fixture.certify(asset: "LAP-NEW")
        try await post([("document", "b.json", notPushed.document), ("signature", "b.p7s", notPushed.signature)]) { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("Genuine"))
            #expect(body.contains("the depot does not hold \(notPushed.id)"))
            #expect(body.contains("LAP-NEW"))
        }
        #expect(fixture.archive.documentCount == 1, "an upload is never stored")
    }

    @Test func aTamperedUploadIsNotGenuineAndAnIncompleteOneIsRefused() async throws {
        let doc = try fixture.certify(asset: "LAP-T")
        let tampered = Array(String(decoding: doc.document, as: UTF8.self).replacingOccurrences(of: "\"LAP-T\"", with: "\"LAP-U\"").utf8)
        try await post([("document", "t.json", tampered), ("signature", "t.p7s", doc.signature)]) { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("NOT GENUINE"))
            #expect(!body.contains("What the certificate says"))
        }
        try await post([("document", "t.json", doc.document)]) { r, body in
            #expect(r.status == .badRequest)
            #expect(body.contains("Choose both files"))
        }
        try await app().test(.router) { client in
            try await client.execute(uri: "/verify", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("not a file upload"))
            }
        }
    }

    // MARK: Evidence packs

    /// An evidence pack of `station`'s ledger (one passed certificate of LAP-P1), signed by it.
    static func pack(of station: TestStation) async throws -> [UInt8] {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let store = try SQLiteRecordStore(path: work.appendingPathComponent("records.sqlite").path)
        try await store.importAssets([AssetRecord(assetID: "LAP-P1", serial: nil, manufacturer: "Lenovo", model: "T14", category: "laptop",
                                                  customer: nil, weightKg: 1.5, inRegister: true, createdAt: "2026-11-01T00:00:00Z")],
                                     eachRow: { _ in })
        let entry = try station.certify(TestStation.outcome(.passed), asset: "LAP-P1")
        let c = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
        try await store.index(certificate: CertificateIndexEntry(c, sha256: entry.sha256, path: entry.documentPath))
        let url = work.appendingPathComponent("pack.zip")
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        _ = try await EvidencePack.build(store: store, signer: station.signer, trustAnchorPEM: station.signer.certificate.pem,
                                         period: try ReportPeriod(from: "2026-01-01", to: today), customer: nil,
                                         generatedAt: Timestamp.rfc3339(Date()), output: url,
                                         ledgerHeads: [try station.ledger.head(station: station.signer.station.name)])
        return [UInt8](try Data(contentsOf: url))
    }

    /// A pack signed by an enrolled station verifies against the depot's trust (not the pack's
    /// own anchor); one from a station the depot does not know is NOT valid; a file that is not a
    /// ZIP is refused. Nothing is stored.
    @Test func anUploadedEvidencePackIsCheckedAgainstWhatTheDepotTrusts() async throws {
        let genuine = try await Self.pack(of: fixture.station)
        try await post([("pack", "pack.zip", genuine)]) { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("Valid: signed, complete and unchanged"), "\(body)")
            #expect(body.contains("DEPOT-T1-"), "the certificate is listed")
            #expect(body.contains("1 enrolled station not revoked"))
            #expect(body.contains("the pack&#39;s own trust-anchor.pem is not used") || body.contains("the pack's own trust-anchor.pem is not used"))
        }
        // Self-signed by a station this depot never enrolled: its own trust-anchor.pem would
        // vouch for it, the depot does not.
        let stranger = try TestStation(name: "STRANGER")
        try await post([("pack", "pack.zip", try await Self.pack(of: stranger))]) { r, body in
            #expect(r.status == .ok)
            #expect(body.contains("NOT valid: do not rely on this pack"))
            #expect(!body.contains("Valid: signed"))
        }
        try await post([("pack", "pack.zip", Array("not a zip at all".utf8))]) { r, body in
            #expect(r.status == .badRequest)
            #expect(body.contains("not a ZIP archive"))
        }
        // A ZIP cut short: refused as unreadable, never shown as valid.
        try await post([("pack", "pack.zip", Array(genuine.prefix(genuine.count / 2)))]) { r, body in
            #expect(r.status == .badRequest, "\(body)")
            #expect(body.contains("Evidence pack not readable"))
            #expect(body.contains("the uploaded file is not an acceptable evidence pack"), "\(body)")
            #expect(!body.contains("/tmp/"), "the depot's temporary path is not shown")
        }
        #expect(fixture.archive.documentCount == 0, "an upload is never stored")
    }
}
