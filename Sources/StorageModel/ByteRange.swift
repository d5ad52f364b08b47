/// A contiguous range of a device, in bytes: `[offset, offset + length)`.
public struct ByteRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var offset: ByteCount
    public var length: ByteCount

    public init(offset: ByteCount, length: ByteCount) {
        self.offset = offset
        self.length = length
    }

    public var end: ByteCount { offset + length }
    public var isEmpty: Bool { length == .zero }

    public func contains(_ position: ByteCount) -> Bool { position >= offset && position < end }

    public func overlaps(_ other: ByteRange) -> Bool { offset < other.end && other.offset < end }

    public var description: String { "\(offset.bytes)+\(length.bytes)" }

    enum CodingKeys: String, CodingKey {
        case offset = "offset_bytes"
        case length = "length_bytes"
    }

    /// Merges adjacent or overlapping ranges and sorts them by offset.
    public static func coalesce(_ ranges: [ByteRange]) -> [ByteRange] {
        let sorted = ranges.filter { !$0.isEmpty }.sorted { $0.offset < $1.offset }
        var out: [ByteRange] = []
        for r in sorted {
            if let last = out.last, r.offset <= last.end {
                let end = max(last.end, r.end)
                out[out.count - 1] = ByteRange(offset: last.offset, length: end - last.offset)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
