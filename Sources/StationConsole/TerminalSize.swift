/// A terminal's size in character cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The smallest terminal the console draws in; smaller shows "enlarge the terminal".
    public static let minimum = TerminalSize(columns: 80, rows: 24)

    public var isLargeEnough: Bool { columns >= Self.minimum.columns && rows >= Self.minimum.rows }
    public var description: String { "\(columns)×\(rows)" }
}
