/// Active swap areas, parsed from `/proc/swaps`.
public struct SwapTable: Sendable {
    public struct Entry: Hashable, Sendable {
        public var path: String
        /// `partition` for a block device, `file` for a swap file.
        public var type: String
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(procSwaps text: String) {
        var out: [Entry] = []
        for (index, line) in text.split(separator: "\n").enumerated() where index > 0 {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2 else { continue }
            out.append(Entry(path: MountTable.unescape(fields[0]), type: String(fields[1])))
        }
        entries = out
    }

    /// Swap areas on block devices (swap files live on a mounted filesystem, which is refused anyway).
    public var blockDevicePaths: [String] { entries.filter { $0.type == "partition" }.map(\.path) }
}
