import Foundation

/// The error a command ends with, as `--json` prints it on stdout (the human text still goes to
/// stderr): `{"error": {"code", "message", "remedy", "exit_status"}}`. The `code` is stable. Both
/// command lines (`expunge`, `expunge-depot`) print this one shape.
public struct OperatorErrorDocument: Encodable, Sendable {
    public struct Body: Encodable, Sendable {
        public let code: String
        public let message: String
        @NullCoded public var remedy: String?
        public let exitStatus: Int32

        enum CodingKeys: String, CodingKey {
            case code, message, remedy
            case exitStatus = "exit_status"
        }
    }

    public let error: Body

    public init(_ e: any OperatorError) {
        error = Body(code: e.code, message: e.message, remedy: e.remedy, exitStatus: e.exitStatus.rawValue)
    }

    /// Pretty, sorted JSON (`PrettyJSON`).
    public var json: String { (try? PrettyJSON.encode(self)) ?? #"{"error":{"code":"internal"}}"# }
}
