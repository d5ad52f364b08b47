/// Where verification reads came from. An `O_DIRECT` read of a loop device whose backing file is
/// read through the host's page cache (sysfs `loop/dio` 0) is not a read of the medium.
public enum ReadPath: String, Codable, Sendable, CaseIterable {
    /// `O_DIRECT` reads that reach the device (for a loop device: `loop/dio` 1, the backing file
    /// is read with direct I/O too).
    case direct
    /// `O_DIRECT` reads of a loop device that reads its backing file through the page cache.
    case pageCacheBackedLoop = "page-cache-backed-loop"

    /// How the read-back reached the data, in words, for certificates and plans.
    public var explanation: String {
        switch self {
        case .direct: "O_DIRECT, from the device (no page cache)"
        case .pageCacheBackedLoop: "O_DIRECT on a loop device that reads its backing file through the page cache (loop/dio 0): not a direct read of the medium"
        }
    }
}
