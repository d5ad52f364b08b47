import Foundation

/// The character encoding of an imported register. UTF-8 (with or without a byte-order mark) is
/// the default; legacy spreadsheet exports on Windows are Windows-1252 (or ISO 8859-1).
public enum RegisterEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"

    /// The text of `bytes`, or nil when they are not valid in this encoding (UTF-8 that is not,
    /// or a byte Windows-1252 leaves undefined: 81, 8D, 8F, 90, 9D).
    public func decode(_ bytes: [UInt8]) -> String? {
        switch self {
        case .utf8:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            return String(validating: body, as: UTF8.self)
        case .windows1252:
            return String(data: Data(bytes), encoding: .windowsCP1252)
        case .latin1:
            return String(data: Data(bytes), encoding: .isoLatin1)
        }
    }
}
