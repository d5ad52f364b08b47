import BlockIO
import Glibc
import StorageModel

/// Reads a whole file only when it is no larger than a limit: the size is checked before the
/// first byte is read, and reading stops one byte past the limit whatever `fstat` said.
public enum BoundedFile {
    /// Why a file was not read.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadable(Errno)
        case notARegularFile
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .unreadable(let e): "cannot read it: \(e)"
            case .notARegularFile: "it is not a regular file"
            case .tooLarge(let limit): "it is larger than the \(BoundedFile.describe(limit)) maximum"
            }
        }
    }

    /// The file's bytes, or why they were not read.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd: Int32
        do { fd = try SystemCall.open(path, O_RDONLY | O_CLOEXEC) } catch { return .failure(.unreadable(error)) }
        defer { SystemCall.close(fd) }
        do {
            let status = try SystemCall.fileStatus(fd)
            guard status.isRegularFile else { return .failure(.notARegularFile) }
            guard status.size <= UInt64(limit) else { return .failure(.tooLarge(limit: limit)) }
            var bytes = [UInt8](repeating: 0, count: Int(status.size) + 1)
            var count = 0
            while true {
                if count == bytes.count {
                    guard bytes.count <= limit else { return .failure(.tooLarge(limit: limit)) }
                    bytes.append(contentsOf: repeatElement(0, count: min(limit + 1 - bytes.count, 1 << 16)))
                }
                let n = try SystemCall.read(fd, into: &bytes, at: count)
                if n == 0 { break }
                count += n
            }
            guard count <= limit else { return .failure(.tooLarge(limit: limit)) }
            bytes.removeLast(bytes.count - count)
            return .success(bytes)
        } catch {
            return .failure(.unreadable(error))
        }
    }

    /// "1 MiB", "64 KiB", "1000 bytes".
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
