import ArgumentParser

/// `--format table|csv|json`, `--json` and `--excel` of the listing commands (`asset list`,
/// `customer list`), with their rules.
struct ListFormatOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Option(name: .long, help: "table (default), csv or json.")
    var format: Format = .table

    @Flag(name: .long, help: "The same as --format json.")
    var json = false

    @Flag(name: .long, help: "With --format csv: start with a UTF-8 byte-order mark for Excel.")
    var excel = false

    func validate() throws {
        if json && format != .table && format != .json {
            throw ValidationError("--json and --format \(format.rawValue) disagree; give one of them")
        }
        if excel && effective != .csv { throw ValidationError("--excel applies to --format csv only") }
    }

    /// The format asked for (`--json` is `--format json`).
    var effective: Format { json ? .json : format }

    /// What a CSV output starts with: the byte-order mark with `--excel`.
    var csvPrefix: String { excel ? OutputOptions.byteOrderMark : "" }
}
