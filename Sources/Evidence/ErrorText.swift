import BlockIO
import Foundation
import StorageModel

/// Turns any error into one line fit for an operator: an `OperatorError`'s own description, a
/// POSIX error's text, and for Foundation errors the underlying POSIX reason — never a library's
/// error domain (`NSCocoaErrorDomain`), code or user-info dump. The text is passed through
/// `DisplayString`, so no control character from a file name or a device reaches the terminal.
public enum ErrorText {
    public static func describe(_ error: any Error) -> String {
        let text: String
        if let e = error as? any OperatorError {
            text = e.description
        } else if let e = error as? Errno {
            text = e.description
        } else if let posix = posixCode(error) {
            text = String(cString: strerror(posix))
        } else if error is CocoaError || (error as NSError).domain == NSCocoaErrorDomain {
            text = "the file operation failed"
        } else if error is DecodingError {
            text = "the data is not in the expected format"
        } else {
            text = "\(error)"
        }
        return DisplayString.sanitize(text) ?? "unknown error"
    }

    /// The `errno` underneath a Foundation error, if there is one.
    static func posixCode(_ error: any Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
            return posixCode(underlying)
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
            case .fileWriteOutOfSpace: return ENOSPC
            case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
            case .fileWriteVolumeReadOnly: return EROFS
            case .fileWriteFileExists: return EEXIST
            default: return nil
            }
        }
        return nil
    }
}
