import StorageModel

/// The customer register refused a change; nothing was written.
public enum CustomerRegisterError: OperatorError, Equatable {
    case alreadyRegistered(String)
    case notRegistered(String)

    public var code: String {
        switch self {
        case .alreadyRegistered: "customer-exists"
        case .notRegistered: "customer-not-registered"
        }
    }

    public var message: String {
        switch self {
        case .alreadyRegistered(let id): "customer \(id) is already in the register; nothing was saved"
        case .notRegistered(let id): "customer \(id) is not in the register; nothing was saved"
        }
    }

    public var remedy: String? {
        switch self {
        case .alreadyRegistered: "pass --update to change its details"
        case .notRegistered: "add it with `expunge customer add ID --name \"Legal name\"` (or import the register with `expunge customer import`)"
        }
    }

    public var exitStatus: ExitStatus { .badInput }
}
