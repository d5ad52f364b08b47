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

/// A `--customer` (or a filter) that names no customer of the register: neither an ID nor a
/// legal name there. Nothing was done.
public struct UnknownCustomer: OperatorError {
    public var text: String
    /// The option the text came in, for the message (`--customer`).
    public var option: String
    /// How to add it on the spot, when the command offers it (`--create-customer`).
    public var createOption: String?

    public init(_ text: String, option: String = "--customer", createOption: String? = nil) {
        self.text = text
        self.option = option
        self.createOption = createOption
    }

    public var code: String { "customer-not-registered" }
    public var exitStatus: ExitStatus { .badInput }
    public var message: String {
        "\(option) \(DisplayString.sanitize(text) ?? "?") is not in the customer register (neither an ID nor a legal name there)"
    }
    public var remedy: String? {
        let add = "add it with `expunge customer add ID --name \"Legal name\"` or import the register with `expunge customer import FILE`"
        return createOption.map { "\(add), or pass \($0) to add it now with this text as its legal name; `expunge customer list` shows the register" }
            ?? "\(add); `expunge customer list` shows the register"
    }
}

extension RecordStore {
    /// The register customer `text` names (its ID, or its legal name when only one customer has
    /// it); throws `UnknownCustomer` when none does.
    public func registeredCustomer(named text: String, option: String = "--customer") async throws -> CustomerRecord {
        guard let found = CustomerReferences(try await customers()).resolve(text) else { throw UnknownCustomer(text, option: option) }
        return found
    }
}
