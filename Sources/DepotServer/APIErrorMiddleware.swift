import DepotAPI
import Depot
import Foundation
import Hummingbird
import Logging
import StorageModel

/// Turns every failure into the API's error body (`{"code", "message", "remedy"}`) and logs
/// each rejected request as one JSON line: method, route (the template, so no asset ID or other
/// value from the path), status, code and reason. Client addresses are never logged.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let rejection as DepotRejection {
            let status = APIResponse.status(rejection.kind)
            log(request, context: context, status: status, code: rejection.code, reason: rejection.message)
            return APIResponse.error(APIErrorBody(code: rejection.code, message: rejection.message, remedy: rejection.remedy ?? ""), status: status)
        } catch let error as HTTPError {
            let body = Self.body(for: error.status)
            log(request, context: context, status: error.status, code: body.code, reason: body.message)
            return APIResponse.error(body, status: error.status)
        } catch {
            // A database or disk failure: the request may be retried; nothing was stored
            // (every write is one transaction).
            let body = APIErrorBody(code: "internal-error", message: "the depot could not complete the request",
                                    remedy: "retry later; the depot's log has the cause")
            logger.error("request failed", metadata: [
                "event": "request-failed", "method": .string(request.method.rawValue), "route": .string(Self.route(request, context)),
                "status": "500", "cause": .string(String(String(describing: error).prefix(500))),
            ])
            return APIResponse.error(body, status: .internalServerError)
        }
    }

    func log(_ request: Request, context: Context, status: HTTPResponse.Status, code: String, reason: String) {
        logger.notice("request rejected", metadata: [
            "event": "request-rejected", "method": .string(request.method.rawValue), "route": .string(Self.route(request, context)),
            "status": .stringConvertible(status.code), "code": .string(code), "reason": .string(reason),
        ])
    }

    /// The matched route's template (`/api/v1/assets/{id}`), or `unmatched`.
    static func route(_ request: Request, _ context: Context) -> String {
        context.coreContext.endpointPath.value ?? "unmatched"
    }

    static func body(for status: HTTPResponse.Status) -> APIErrorBody {
        switch status.code {
        case 404: APIErrorBody(code: "not-found", message: "no such API path or method", remedy: "see Docs/api.md for the depot's API")
        case 405: APIErrorBody(code: "method-not-allowed", message: "this path does not take this method", remedy: "see Docs/api.md for the depot's API")
        case 413: APIErrorBody(code: "body-too-large", message: "the request body is over \(DepotAPI.maxRequestBodyBytes) bytes",
                               remedy: "send one document per request")
        default: APIErrorBody(code: "http-\(status.code)", message: status.reasonPhrase, remedy: "see Docs/api.md for the depot's API")
        }
    }
}
