/// An error met during the attempt, for the record.
public struct WipeErrorRecord: Codable, Sendable, Hashable {
    /// `write`, `read`, `flush`, `identity`, `open`, `signal`.
    public var operation: String
    @NullCoded public var range: ByteRange?
    /// The errno symbol (`EIO`, `ENODATA`), when a system call failed.
    @NullCoded public var errno: String?
    public var message: String

    public init(operation: String, range: ByteRange? = nil, errno: String? = nil, message: String) {
        self.operation = operation
        self.range = range
        self.errno = errno
        self.message = message
    }
}
