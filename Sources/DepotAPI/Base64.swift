import Foundation

/// Base64 (RFC 4648 §4, padded) for the API's binary fields.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The bytes, or nil when `text` is not canonical padded base64 (whitespace and other
    /// characters are refused).
    public static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        return [UInt8](data)
    }
}
