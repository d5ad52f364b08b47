import Foundation
import StorageModel

/// Finds register customers from what an operator or a register export writes: the customer ID,
/// or the legal name (case-insensitive) when exactly one customer has it. Used by `--customer`
/// options and by asset imports, so an asset always refers to a register entry by ID.
public struct CustomerReferences: Sendable {
    let byID: [String: CustomerRecord]
    let byName: [String: [CustomerRecord]]

    public init(_ register: [CustomerRecord]) {
        byID = Dictionary(register.map { ($0.customerID, $0) }, uniquingKeysWith: { a, _ in a })
        byName = Dictionary(grouping: register, by: { $0.legalName.lowercased() })
    }

    /// The customer `text` names, or nil when none (or more than one by that legal name) does.
    public func resolve(_ text: String) -> CustomerRecord? {
        let t = text.trimmingSpaces()
        if let c = byID[t] { return c }
        if let named = byName[t.lowercased()], named.count == 1 { return named[0] }
        return nil
    }

    /// A new register entry for a customer written as free text (`--create-customer`, or an import
    /// with `--create-customers`): the text is its legal name and, when it is a valid ID, its ID;
    /// otherwise the ID is made from it (lower case, runs of other characters as `-`), with a
    /// number added when that ID is taken (in the register, or in `taken`: customers being made
    /// in the same batch).
    public func newCustomer(named text: String, at: String, taken: Set<String> = []) -> CustomerRecord {
        let name = text.trimmingSpaces()
        var base = name
        if !CustomerRecord.isValidID(base) {
            var out = ""
            for s in name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().unicodeScalars {
                if CustomerRecord.isIDCharacter(s) && s != "-" { out.unicodeScalars.append(s) } else if !out.hasSuffix("-") { out += "-" }
            }
            base = String(out.drop { !$0.isLetter && !$0.isNumber }.prefix(56))
            while base.hasSuffix("-") || base.hasSuffix(".") || base.hasSuffix("_") { base.removeLast() }
            if base.isEmpty { base = "customer" }
        }
        var id = base, n = 2
        while byID[id] != nil || taken.contains(id) { id = "\(base.prefix(56))-\(n)"; n += 1 }
        return CustomerRecord(customerID: id, legalName: name, createdAt: at)
    }
}
