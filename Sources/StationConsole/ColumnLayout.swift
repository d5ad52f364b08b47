/// The bay table's columns and how they fit a width. Every column has a minimum and maximum
/// width; when the minimums do not fit, columns are dropped in this documented order:
///
///     media, rate, serial, model, capacity, health, ETA
///
/// (bay, device, asset, state, progress and result always stay; the selected bay's detail line
/// shows whatever was dropped). Width left over is shared out round by round: two cells each to
/// progress and model, one each to asset, serial and device.
public struct ColumnLayout: Sendable, Hashable {
    public enum Column: String, Sendable, CaseIterable {
        case bay, device, model, serial, capacity, media, asset, state, progress, rate, eta, result, health

        var title: String {
            switch self {
            case .bay: "Bay"
            case .device: "Device"
            case .model: "Model"
            case .serial: "Serial"
            case .capacity: "Capacity"
            case .media: "Media"
            case .asset: "Asset"
            case .state: "State"
            case .progress: "Progress"
            case .rate: "Rate"
            case .eta: "ETA"
            case .result: "Result"
            case .health: "Health"
            }
        }

        var minWidth: Int {
            switch self {
            case .bay: 3
            case .device: 8
            case .model: 10
            case .serial: 8
            case .capacity: 9
            case .media: 9
            case .asset: 10
            case .state: 12
            case .progress: 12
            case .rate: 11
            case .eta: 8
            case .result: 10
            case .health: 8
            }
        }

        var maxWidth: Int {
            switch self {
            case .device: 12
            case .model: 30
            case .serial: 22
            case .asset: 20
            case .progress: 40
            default: minWidth
            }
        }

        var rightAligned: Bool { [.bay, .capacity, .rate, .eta].contains(self) }
    }

    /// Dropped first to last when the terminal is narrow.
    public static let dropOrder: [Column] = [.media, .rate, .serial, .model, .capacity, .health, .eta]
    /// Given spare width first to last.
    static let growOrder: [Column] = [.progress, .model, .asset, .serial, .device]

    public let columns: [Column]
    public let widths: [Column: Int]
    /// The whole row's width (rows are padded to it).
    public let width: Int

    /// The columns that fit `width` cells (one space between columns).
    public init(width: Int) {
        var shown = Column.allCases
        func needed(_ cols: [Column]) -> Int { cols.map(\.minWidth).reduce(0, +) + max(cols.count - 1, 0) }
        for c in Self.dropOrder where needed(shown) > width { shown.removeAll { $0 == c } }
        var widths = Dictionary(uniqueKeysWithValues: shown.map { ($0, $0.minWidth) })
        var spare = width - needed(shown)
        // Round by round: progress and model two cells, the others one, until full or all at max.
        var grew = true
        while spare > 0 && grew {
            grew = false
            for c in Self.growOrder where shown.contains(c) && spare > 0 {
                let add = min(spare, c.maxWidth - widths[c]!, c == .progress || c == .model ? 2 : 1)
                if add > 0 { widths[c]! += add; spare -= add; grew = true }
            }
        }
        columns = shown
        self.widths = widths
        self.width = width
    }

    /// One row: each cell fitted to its column.
    public func row(_ cells: [Column: String]) -> String {
        DisplayWidth.fit(columns.map { DisplayWidth.fit(cells[$0] ?? "", widths[$0]!, right: $0.rightAligned) }.joined(separator: " "), width)
    }

    public var header: String { row(Dictionary(uniqueKeysWithValues: columns.map { ($0, $0.title) })) }
}
