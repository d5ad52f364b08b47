/// What an evidence pack being verified may hold. Checked against each entry's declared size
/// before it is extracted and against the bytes actually inflated while it is (a running count
/// that aborts the extraction), so a ZIP bomb costs neither memory nor more than the cap on
/// disk. Documented in Docs/compliance.md and Docs/auditor.md.
public struct PackLimits: Sendable, Hashable {
    /// Files and directories in the ZIP.
    public var maxEntries: Int
    /// Uncompressed bytes of one entry.
    public var maxEntryBytes: UInt64
    /// Uncompressed bytes of all entries together.
    public var maxTotalBytes: UInt64

    public init(maxEntries: Int, maxEntryBytes: UInt64, maxTotalBytes: UInt64) {
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
    }

    /// 100 000 entries, 256 MiB per entry, 1 GiB in total: a year of a busy depot's certificates
    /// and its reports fit several times over.
    public static let standard = PackLimits(maxEntries: 100_000, maxEntryBytes: 256 << 20, maxTotalBytes: 1 << 30)
}
