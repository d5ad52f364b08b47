import StorageModel

/// Why the console refused an operator's action on a bay (nothing was done).
public struct BayRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case noSuchBay = "no-such-bay"
        case invalidAssetTag = "invalid-asset-tag"
        case notStartable = "not-startable"
        case notRunning = "not-running"
        case busy
    }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Checks an asset tag as typed or scanned: 1–128 printable ASCII characters, no spaces, no
    /// control characters (the same rule as `wipe --asset` and the register).
    public static func checkAssetTag(_ tag: String) -> BayRejection? {
        if tag.isEmpty { return BayRejection(.invalidAssetTag, "asset tag is empty") }
        if tag.unicodeScalars.count > 128 { return BayRejection(.invalidAssetTag, "asset tag is longer than 128 characters") }
        if tag.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
            return BayRejection(.invalidAssetTag, "asset tag contains control characters")
        }
        if tag.unicodeScalars.contains(where: { $0 == " " }) { return BayRejection(.invalidAssetTag, "asset tag contains spaces") }
        if tag.unicodeScalars.contains(where: { $0.value > 0x7E }) {
            return BayRejection(.invalidAssetTag, "asset tag contains characters outside printable ASCII")
        }
        return nil
    }
}
