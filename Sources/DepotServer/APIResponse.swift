import DepotAPI
import Depot
import Foundation
import Hummingbird
import NIOCore

/// JSON answers: sorted keys, slashes unescaped, `application/json`.
enum APIResponse {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ body: APIErrorBody, status: HTTPResponse.Status) -> Response {
        (try? json(body, status: status)) ?? Response(status: status)
    }

    /// The status a rejection is answered with.
    static func status(_ kind: DepotRejection.Kind) -> HTTPResponse.Status {
        switch kind {
        case .malformed: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .invalid: .unprocessableContent
        }
    }
}
