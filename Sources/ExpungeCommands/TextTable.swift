/// An aligned text table, lsblk style: left-aligned columns separated by two spaces. Widths are
/// measured in characters of the plain text; colour is applied after padding.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Per row: a function that colours the finished line (identity for none).
    var styles: [(String) -> String] = []

    init(headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String], style: @escaping (String) -> String = { $0 }) {
        rows.append(row)
        styles.append(style)
    }

    func render() -> String {
        var widths = headers.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: max(0, widths[i] - c.count))
            }.joined(separator: "  ")
        }
        var out = [line(headers)]
        for (i, r) in rows.enumerated() { out.append(styles[i](line(r))) }
        return out.joined(separator: "\n")
    }
}
