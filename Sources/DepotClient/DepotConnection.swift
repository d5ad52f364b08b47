import AsyncHTTPClient
import DepotAPI
import Evidence
import Foundation
import NIOCore
import NIOSSL
import StorageModel

/// The station's HTTP client for its depot (async-http-client). With a trust file (the depot's
/// self-signed certificate or the CA that issued it, `--ca` at join) only that is trusted for
/// TLS; otherwise the system's roots. The host name is always verified. Call `shutdown()` when done.
public final class DepotConnection: Sendable {
    public let address: DepotAddress
    let client: HTTPClient
    /// How long one request may take.
    let timeout: TimeAmount

    public init(address: DepotAddress, trustPEMFile: String?, timeout: TimeAmount = .seconds(30)) throws {
        self.address = address
        self.timeout = timeout
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let trustPEMFile {
            let roots: [NIOSSLCertificate]
            do { roots = try NIOSSLCertificate.fromPEMFile(trustPEMFile) } catch {
                throw ExpungeError(.badInput, code: "depot-ca-unreadable", "cannot read the depot's certificate or CA from \(trustPEMFile): \(error)",
                                   remedy: "give the depot's certificate or its CA in PEM with --ca")
            }
            guard !roots.isEmpty else {
                throw ExpungeError(.badInput, code: "depot-ca-unreadable", "\(trustPEMFile) holds no PEM certificate",
                                   remedy: "give the depot's certificate or its CA in PEM with --ca")
            }
            tls.trustRoots = .certificates(roots)
        }
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: timeout)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// The largest answer read from the depot.
    static let maxAnswerBytes = 1 << 20

    // MARK: Calls

    public func enroll(token: String, certificatePEM: String) async throws -> EnrollResponse {
        try await post(DepotAPI.enrollPath, EnrollRequest(token: token, certificatePEM: certificatePEM), answer: EnrollResponse.self)
    }

    public func push(document: [UInt8], signature: [UInt8]) async throws -> DocumentReceipt {
        try await post(DepotAPI.documentsPath, DocumentUpload(document: document, signature: signature), answer: DocumentReceipt.self)
    }

    public func pushHead(station: String, statement: [UInt8], signature: [UInt8]) async throws -> HeadReceipt {
        try await post(DepotAPI.headPath(station: station), HeadUpload(statement: statement, signature: signature), answer: HeadReceipt.self)
    }

    /// The depot's register entry for an asset; nil when the depot does not know it. The request
    /// is signed with the station key (`SignedRequest`).
    public func asset(_ id: String, signer: any DocumentSigning, now: Date = Date()) async throws -> AssetAnswer? {
        let path = DepotAPI.assetPath(id)
        let date = Timestamp.rfc3339(now)
        let station = signer.station.name
        let signature = try signer.sign(SignedRequest.message(method: "GET", path: path, station: station, date: date))
        var request = HTTPClientRequest(url: address.base + path)
        request.method = .GET
        request.headers.add(name: DepotAPI.stationHeader, value: station)
        request.headers.add(name: DepotAPI.dateHeader, value: date)
        request.headers.add(name: DepotAPI.signatureHeader, value: Base64.encode(signature))
        let (status, body) = try await execute(request)
        if status == 404, (try? JSONDecoder().decode(APIErrorBody.self, from: Data(body)))?.code == "unknown-asset" { return nil }
        return try decode(AssetAnswer.self, status: status, body: body)
    }

    func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, answer: Answer.Type) async throws -> Answer {
        var request = HTTPClientRequest(url: address.base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        request.body = .bytes(ByteBuffer(bytes: try encoder.encode(body)))
        let (status, bytes) = try await execute(request)
        return try decode(Answer.self, status: status, body: bytes)
    }

    func execute(_ request: HTTPClientRequest) async throws -> (Int, [UInt8]) {
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
            return (Int(response.status.code), Array(body.readableBytesView))
        } catch let error as DepotResponseError {
            throw error
        } catch {
            throw DepotResponseError(status: 0, code: "depot-unreachable", "cannot reach the depot at \(address): \(Self.describe(error))",
                                     remedy: "check the network and that the depot runs; documents stay queued in $EXPUNGE_HOME/outbox")
        }
    }

    func decode<Answer: Decodable>(_ type: Answer.Type, status: Int, body: [UInt8]) throws -> Answer {
        if status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: Data(body)) { return answer }
        if let error = try? JSONDecoder().decode(APIErrorBody.self, from: Data(body)) {
            throw DepotResponseError(status: status, code: error.code, "the depot answered \(status): \(error.message)", remedy: error.remedy)
        }
        throw DepotResponseError(status: status == 200 ? 502 : status, code: "bad-answer",
                                 "the depot at \(address) answered \(status) with a body that is not the depot API's",
                                 remedy: "check that the URL is the depot's (expunge-depot serve) and not another server")
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? HTTPClientError { return "\(e)" }
        if let e = error as? NIOSSLError { return "TLS: \(e)" }
        return String(describing: error)
    }
}
