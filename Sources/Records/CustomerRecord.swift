import Foundation
import StorageModel

/// A customer: the data controller whose assets a depot sanitizes. Assets, certificates and
/// reports refer to it by `customerID`; certificates also carry its legal name as it stood when
/// they were signed.
public struct CustomerRecord: Codable, Sendable, Hashable {
    public var customerID: String
    public var legalName: String
    /// ISO 3166-1 alpha-2 (`DE`, `FR`), where the controller is established.
    @NullCoded public var country: String?
    /// A role address or desk for data-protection questions (not a person's private details).
    @NullCoded public var contact: String?
    /// The data-processing agreement (GDPR Art. 28) under which the depot works for this customer.
    @NullCoded public var dpaReference: String?
    public var createdAt: String
    /// True for a customer made from a free-text name by the migration to the register (its ID
    /// and legal name are that text) until someone confirms it with `customer add --update`.
    public var migratedFromFreeText: Bool

    public init(customerID: String, legalName: String, country: String? = nil, contact: String? = nil, dpaReference: String? = nil,
                createdAt: String, migratedFromFreeText: Bool = false) {
        self.customerID = customerID
        self.legalName = legalName
        self.country = country
        self.contact = contact
        self.dpaReference = dpaReference
        self.createdAt = createdAt
        self.migratedFromFreeText = migratedFromFreeText
    }

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id"
        case legalName = "legal_name"
        case country, contact
        case dpaReference = "dpa_reference"
        case createdAt = "created_at"
        case migratedFromFreeText = "migrated_from_free_text"
    }

    /// Customer IDs: 1–64 characters of letters, digits, `.`, `_` and `-`, starting with a letter
    /// or digit (they appear in file names, URLs and CSV cells). Customers migrated from free text
    /// keep the text they had.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.count <= 64, isIDCharacter(first), first != ".", first != "-", first != "_" else {
            return false
        }
        return id.unicodeScalars.allSatisfy(isIDCharacter)
    }

    static func isIDCharacter(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "." || s == "_" || s == "-"
    }

    /// Why this record cannot be saved, or nil: the ID rule, a legal name (1–256 characters, no
    /// control characters), the country code, the optional fields' lengths.
    public func problem() -> String? {
        if !migratedFromFreeText && !Self.isValidID(customerID) {
            return "customer ID \"\(customerID)\" is not 1–64 letters, digits, '.', '_' or '-' starting with a letter or digit"
        }
        if let p = InputText.problem(legalName, name: "the legal name of \(customerID)") { return p }
        if let country, !(country.count == 2 && country.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }) {
            return "country \"\(country)\" of \(customerID) is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. DE)"
        }
        if let contact, let p = InputText.problem(contact, name: "the contact of \(customerID)") { return p }
        if let dpaReference, let p = InputText.problem(dpaReference, name: "the DPA reference of \(customerID)") { return p }
        return nil
    }
}
