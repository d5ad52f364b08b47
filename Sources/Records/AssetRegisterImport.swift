import StorageModel

/// An asset register import decided before anything is written: `AssetImporter` reads the rows,
/// customers are resolved against the register (or made, with `createCustomers`), IDs already in
/// the register become updates (with `update`) or problems. `apply` then writes the customers and
/// the assets, each in one transaction. The station's `expunge asset import` and the depot web's
/// register import both go through here.
public struct AssetRegisterImport: Sendable {
    public var assets: [AssetRecord]
    public var updates: [AssetRecord]
    public var newCustomers: [CustomerRecord]
    public var problems: [AssetImporter.Problem]
    public var update: Bool

    /// How the problems name the two choices: the command line's flags by default.
    public struct Hints: Sendable {
        public var createCustomers: String
        public var update: String
        public init(createCustomers: String = "pass --create-customers", update: String = "pass --update to update it") {
            self.createCustomers = createCustomers
            self.update = update
        }
    }

    public static func plan(csv text: String, store: any RecordStore, at: String, delimiter: CSVTable.Delimiter? = nil, update: Bool,
                            createCustomers: Bool, hints: Hints = Hints()) async throws -> AssetRegisterImport {
        var result = AssetImporter().read(csv: text, createdAt: at, delimiter: delimiter)
        // Customers: each cell resolved to a register ID; unknown ones listed once, or created.
        let references = CustomerReferences(try await store.customers())
        var newCustomers: [String: CustomerRecord] = [:]
        var unknown: [String: [String]] = [:]
        for i in result.assets.indices {
            guard let text = result.assets[i].customer else { continue }
            if let found = references.resolve(text) ?? newCustomers[text] {
                result.assets[i].customer = found.customerID
            } else if createCustomers {
                let made = references.newCustomer(named: text, at: at, taken: Set(newCustomers.values.map(\.customerID)))
                newCustomers[text] = made
                result.assets[i].customer = made.customerID
            } else {
                unknown[text, default: []].append(result.assets[i].assetID)
            }
        }
        for (text, assets) in unknown.sorted(by: { $0.key < $1.key }) {
            result.problems.append(AssetImporter.Problem(line: 0, message: "customer \"\(DisplayString.sanitize(text) ?? "")\" (\(assets.count) asset\(assets.count == 1 ? "" : "s"): "
                + "\(assets.prefix(3).joined(separator: ", "))\(assets.count > 3 ? ", …" : "")) is not in the customer register; "
                + "add it with `expunge customer add` or `expunge customer import`, or \(hints.createCustomers)"))
        }
        result.assets.removeAll { a in a.customer.map { unknown[$0] != nil } ?? false }
        for c in newCustomers.values { if let p = c.problem() { result.problems.append(AssetImporter.Problem(line: 0, message: p)) } }
        let existing = try await store.existingAssetIDs(result.assets.map(\.assetID))
        var updates: [AssetRecord] = []
        if update {
            updates = result.assets.filter { existing.contains($0.assetID) }
            result.assets.removeAll { existing.contains($0.assetID) }
        } else if !existing.isEmpty {
            result.problems += existing.sorted().map {
                AssetImporter.Problem(line: 0, message: "asset ID \($0) is already in the register (\(hints.update))")
            }
            result.assets.removeAll { existing.contains($0.assetID) }
        }
        return AssetRegisterImport(assets: result.assets, updates: updates, newCustomers: newCustomers.values.sorted { $0.customerID < $1.customerID },
                                   problems: result.problems, update: update)
    }

    /// Writes the new customers, then the assets and updates (all or nothing each).
    public func apply(to store: any RecordStore) async throws {
        if !newCustomers.isEmpty { try await store.saveCustomers(newCustomers, updating: []) }
        try await store.importAssets(assets, updating: updates) { _ in }
    }

    /// "Imported 3 assets, updated 1 asset; added 1 customer to the register (ACME)."
    public var summary: String {
        func assets(_ n: Int) -> String { "\(n) asset\(n == 1 ? "" : "s")" }
        var summary = "Imported \(assets(self.assets.count))"
        if update { summary += ", updated \(assets(updates.count))" }
        if !newCustomers.isEmpty {
            summary += "; added \(newCustomers.count) customer\(newCustomers.count == 1 ? "" : "s") to the register (\(newCustomers.map(\.customerID).joined(separator: ", ")))"
        }
        return summary + (problems.isEmpty ? "." : "; skipped \(problems.count) invalid rows.")
    }
}
