import Foundation
import StorageModel

/// The error a command ends with, as `--json` prints it on stdout (the human text still goes to
/// stderr): `{"error": {"code", "message", "remedy", "exit_status"}}`. The `code` is stable.
struct ErrorDocument: Encodable {
    struct Body: Encodable {
        let code: String
        let message: String
        @NullCoded var remedy: String?
        let exitStatus: Int32

        enum CodingKeys: String, CodingKey {
            case code, message, remedy
            case exitStatus = "exit_status"
        }
    }

    let error: Body

    init(_ e: any OperatorError) {
        error = Body(code: e.code, message: e.message, remedy: e.remedy,
                     exitStatus: e.exitStatus.rawValue)
    }

    var json: String { (try? JSONOutput.encode(self)) ?? #"{"error":{"code":"internal"}}"# }
}
