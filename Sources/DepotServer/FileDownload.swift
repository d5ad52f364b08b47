import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import NIOCore

/// A finished temporary file sent as a download and gone from the disk at once: it is opened,
/// unlinked, then streamed from the open descriptor in 64 KiB chunks (constant memory whatever
/// its size), and the descriptor closed when the body ends or the client goes away.
enum FileDownload {
    static let chunk = 64 * 1024

    static func response(path: String, fileName: String, contentType: String) throws -> Response {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        unlink(path)
        guard fd >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let size = Int(st.st_size)
        let body = ResponseBody(contentLength: size) { writer in
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
