import CLibCrypto
import StorageModel

/// A libcrypto failure: what Expunge was doing, and OpenSSL's own error queue.
public struct OpenSSLError: OperatorError {
    public var operation: String
    public var details: String

    public init(_ operation: String) {
        self.operation = operation
        details = Self.drainErrorQueue()
    }

    public var code: String { "crypto-failed" }
    public var exitStatus: ExitStatus { .failed }
    public var message: String { details.isEmpty ? "OpenSSL: \(operation) failed" : "OpenSSL: \(operation) failed: \(details)" }
    public var remedy: String? { nil }

    /// Takes every pending error off this thread's OpenSSL error queue, as text.
    static func drainErrorQueue() -> String {
        var parts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}

/// A memory BIO owned by Swift. `init(bytes:)` copies the bytes so the BIO never points at a
/// Swift buffer that could move or die (BIO_new_mem_buf does not copy).
final class MemoryBIO {
    let handle: OpaquePointer

    init() {
        handle = BIO_new(BIO_s_mem())
    }

    convenience init(bytes: [UInt8]) {
        self.init()
        bytes.withUnsafeBytes { b in
            if b.count > 0 { _ = BIO_write(handle, b.baseAddress, Int32(b.count)) }
        }
    }

    deinit { BIO_free(handle) }

    /// Everything written to the BIO so far.
    var bytes: [UInt8] {
        var pointer: UnsafeMutablePointer<CChar>?
        let length = expunge_bio_mem_data(handle, &pointer)
        guard length > 0, let pointer else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
