import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import NIOCore

/// A report made for one download: written in a private directory (`privateDirectory`, mode
/// 0700), then opened, unlinked with its directory, and streamed from the open descriptor in
/// 64 KiB chunks (constant memory whatever its size), the descriptor closed when the body ends or
/// the client goes away. Nothing is left on the disk once the response starts.
enum FileDownload {
    static let chunk = 64 * 1024

    /// A new directory under the temporary directory that only the depot's user can enter (`mkdtemp(3)`).
    static func privateDirectory() throws -> String {
        var template = Array((FileManager.default.temporaryDirectory.path + "/expunge-depot-report-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { $0.baseAddress.flatMap(mkdtemp) != nil }
        guard made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed: errno \(errno)"])
        }
        // mkdtemp wrote the directory's name over the Xs of the template.
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func response(path: String, directory: String, fileName: String, contentType: String) throws -> Response {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        try? FileManager.default.removeItem(atPath: directory)
        guard fd >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let body = ResponseBody(contentLength: Int(st.st_size)) { writer in
            defer { try? handle.close() }
            while true {
                guard let data = try handle.read(upToCount: chunk), !data.isEmpty else { break }
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(fileName)\"",
                                               HTTPField.Name("X-Content-Type-Options")!: "nosniff"], body: body)
    }
}
