import DepotAPI
import StorageModel

/// A refusal or failure from the depot, as the station shows it: the depot's code, message and
/// remedy when it answered with its error body; `unreachable` and `bad-answer` otherwise.
public struct DepotResponseError: OperatorError, Hashable {
    /// The HTTP status; 0 when the depot was not reached.
    public var status: Int
    public var code: String
    public var message: String
    public var remedy: String?

    public init(status: Int, code: String, _ message: String, remedy: String?) {
        self.status = status
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    public var exitStatus: ExitStatus {
        switch status {
        case 401, 403: .permission
        case 400, 413, 422: .badInput
        default: .failed
        }
    }

    /// Whether the same request can succeed later (the depot was down, busy or unreachable),
    /// as opposed to a refusal of this request.
    public var isTransient: Bool { status == 0 || status == 408 || status == 429 || status >= 500 }

    /// Whether the depot refused this document for good (it will never take these bytes).
    public var isPermanentRefusal: Bool { [400, 409, 413, 422].contains(status) }
}
