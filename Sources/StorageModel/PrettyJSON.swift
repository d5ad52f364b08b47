import Foundation

/// The JSON encoder for every `--json` output of both command lines: snake_case keys come from
/// the types' CodingKeys, sorted keys keep the output stable, dates are written by the types as
/// RFC 3339 strings. Not for signed documents, which use `CanonicalJSON`.
public enum PrettyJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
