import StorageModel

/// Why the depot refused a request: a stable kebab-case `code`, a message naming what is wrong
/// and a remedy, without personal data (they are logged and returned to the caller). `kind` says
/// which answer it is; the server maps kinds to HTTP statuses, the command line to exit statuses.
public struct DepotRejection: OperatorError, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The request is not what the API takes (not JSON, fields missing, not base64): 400.
        case malformed
        /// The station is not known (or not yet enrolled), the token or the signer is wrong: 401.
        case unauthenticated
        /// The station was revoked: 403.
        case forbidden
        /// Nothing with that ID: 404.
        case notFound
        /// Another document already holds this ID, or the chain does not link: 409.
        case conflict
        /// The body, the document or the signature is over its limit: 413.
        case tooLarge
        /// Well-formed but not acceptable: bad signature, schema or rule problems: 422.
        case invalid
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var remedy: String?

    public init(_ kind: Kind, code: String, _ message: String, remedy: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    public var exitStatus: ExitStatus {
        switch kind {
        case .unauthenticated, .forbidden: .permission
        case .malformed, .tooLarge, .invalid, .notFound: .badInput
        case .conflict: .failed
        }
    }
}
