import StorageModel

/// Reads an asset register export (CSV): header-mapped (any column order, common aliases, a
/// Snipe-IT export as it is), delimiter detected, categories mapped to `AssetCategory`, strict
/// about IDs and weights, every problem reported with its line.
public struct AssetImporter: Sendable {
    /// The accepted header names per field (compared case- and space-insensitively).
    public static let aliases: [String: [String]] = [
        "asset_id": ["asset_id", "asset id", "assetid", "asset", "asset tag", "asset_tag", "tag", "id"],
        "serial": ["serial", "serial number", "serial_number", "serialnumber", "s/n", "sn"],
        "manufacturer": ["manufacturer", "make", "vendor", "brand"],
        "model": ["model", "model name", "model_name"],
        "category": ["category", "type", "device type", "device_type", "asset type"],
        "customer": ["customer", "owner", "customer/owner", "customer_owner", "company", "client"],
        "weight_kg": ["weight_kg", "weight kg", "weight (kg)", "weight", "kg"],
    ]

    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public struct Result: Sendable {
        public var assets: [AssetRecord]
        public var problems: [Problem]
    }

    public init() {}

    static func normalise(_ header: String) -> String {
        header.lowercased().trimmingSpaces().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Parses the file; returns the valid rows and a problem per invalid row (and for the header).
    /// `delimiter` nil: detected from the header line.
    public func read(csv text: String, createdAt: String, delimiter: CSVTable.Delimiter? = nil) -> Result {
        let records: [CSVTable.Record]
        do { records = try CSVTable.parse(text, delimiter: delimiter ?? .detect(in: text)) } catch {
            return Result(assets: [], problems: [Problem(line: error.line, message: error.message)])
        }
        guard let header = records.first else {
            return Result(assets: [], problems: [Problem(line: 1, message: "the file is empty (expected a header row)")])
        }
        // A field's column is the one whose header comes first in its alias list: a Snipe-IT
        // export has both "ID" (its internal number) and "Asset Tag", and the tag is the asset ID.
        var columns: [String: Int] = [:]
        var ranks: [String: Int] = [:]
        var problems: [Problem] = []
        for (index, name) in header.fields.enumerated() {
            let n = Self.normalise(name)
            guard let (field, names) = Self.aliases.first(where: { $0.value.contains(n) }), let rank = names.firstIndex(of: n) else { continue }
            if let other = ranks[field] {
                if other == rank {
                    problems.append(Problem(line: header.line, message: "two columns map to \(field) (\"\(name)\")"))
                }
                if other <= rank { continue }
            }
            columns[field] = index
            ranks[field] = rank
        }
        guard columns["asset_id"] != nil else {
            problems.append(Problem(line: header.line, message: "no asset ID column (expected a header such as asset_id, asset tag)"))
            return Result(assets: [], problems: problems)
        }
        var assets: [AssetRecord] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ field: String) -> String? {
                guard let i = columns[field], i < record.fields.count else { return nil }
                return DisplayString.sanitize(record.fields[i])
            }
            if record.fields.count != header.fields.count {
                problems.append(Problem(line: record.line, message: "\(record.fields.count) fields, the header has \(header.fields.count)"))
                continue
            }
            if let problem = Self.textProblem(record, columns: columns) {
                problems.append(Problem(line: record.line, message: problem))
                continue
            }
            guard let id = value("asset_id") else {
                problems.append(Problem(line: record.line, message: "asset ID is empty"))
                continue
            }
            guard AssetRecord.isValidID(id) else {
                problems.append(Problem(line: record.line, message: "asset ID \"\(id)\" is not valid (1–128 printable characters, no spaces)"))
                continue
            }
            if let first = seen[id] {
                problems.append(Problem(line: record.line, message: "asset ID \(id) already appears on line \(first)"))
                continue
            }
            var weight: Double?
            if let w = value("weight_kg") {
                guard let v = DecimalWeight.parse(w) else {
                    problems.append(Problem(line: record.line, message: "weight_kg \"\(w)\" is not a decimal number of kilograms"))
                    continue
                }
                guard AssetRecord.plausibleWeightKg.contains(v) else {
                    problems.append(Problem(line: record.line, message: "weight_kg \(w) is not a plausible weight for one asset (0.001–2000 kg)"))
                    continue
                }
                weight = v
            }
            var category: AssetCategory?
            if let c = value("category") {
                guard let known = AssetCategory.parse(c) else {
                    problems.append(Problem(line: record.line, message: "category \"\(c)\" is not one of \(AssetCategory.vocabulary) "
                                            + "(synonyms such as notebook, smartphone, hard disk are accepted; use other for anything else)"))
                    continue
                }
                category = known
            }
            seen[id] = record.line
            assets.append(AssetRecord(assetID: id, serial: value("serial"), manufacturer: value("manufacturer"), model: value("model"),
                                      category: category?.rawValue, customer: value("customer"), weightKg: weight,
                                      inRegister: true, createdAt: createdAt))
        }
        return Result(assets: assets, problems: problems)
    }

    /// A mapped field with a control character (it would otherwise reach signed documents).
    static func textProblem(_ record: CSVTable.Record, columns: [String: Int]) -> String? {
        for (field, index) in columns.sorted(by: { $0.value < $1.value }) where index < record.fields.count {
            if let c = InputText.firstControlCharacter(record.fields[index]) {
                return "\(field) contains the control character U+\(InputText.hex(c.value)) (not allowed)"
            }
        }
        return nil
    }
}
