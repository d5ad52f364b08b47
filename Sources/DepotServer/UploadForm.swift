import Depot
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (an HTML form with file inputs), parsed by MultipartKit into its
/// named parts. Only the named fields are kept; a field over `limit` bytes, a body over
/// `bodyLimit`, or a body that is not multipart is refused with the remedy.
struct UploadForm {
    var fields: [String: [UInt8]] = [:]

    /// `fields`: the names kept, each with the largest size it may have.
    static func read(_ request: Request, fields wanted: [String: Int], bodyLimit: Int) async throws -> UploadForm {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.boundary(type) else {
            throw DepotRejection(.malformed, code: "not-a-form", "the request is not a file upload (multipart/form-data)",
                                 remedy: "use the form on /verify")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit { throw tooLarge(bodyLimit) }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: bodyLimit) } catch is NIOTooManyBytesError { throw tooLarge(bodyLimit) }

        var form = UploadForm()
        var name: String?
        var current: [UInt8] = []
        var oversized: String?
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { name = Self.parameter("name", in: value) }
        }
        parser.onBody = { chunk in
            guard let n = name, let limit = wanted[n] else { return }
            if current.count + chunk.readableBytes > limit { oversized = n; return }
            current += chunk.readableBytesView
        }
        parser.onPartComplete = {
            if let n = name, wanted[n] != nil, oversized != n, form.fields[n] == nil { form.fields[n] = current }
            name = nil
            current = []
        }
        do { try parser.execute(buffer) } catch {
            throw DepotRejection(.malformed, code: "malformed-form", "the upload could not be read as multipart/form-data", remedy: "use the form on /verify")
        }
        if let oversized {
            throw DepotRejection(.tooLarge, code: "file-too-large", "the file in \"\(oversized)\" is over \(wanted[oversized] ?? 0) bytes",
                                 remedy: oversized == "pack" ? "check a pack this large offline with `expunge verify PACK.zip`"
                                     : "upload the certificate's .json and .p7s as the station wrote them")
        }
        return form
    }

    static func tooLarge(_ limit: Int) -> DepotRejection {
        DepotRejection(.tooLarge, code: "body-too-large", "the upload is over \(limit) bytes", remedy: "upload one certificate (.json and .p7s) or one evidence pack at a time")
    }

    /// `boundary=…` of a Content-Type, quoted or not.
    static func boundary(_ contentType: String) -> String? { parameter("boundary", in: contentType) }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            guard kv.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(kv.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
