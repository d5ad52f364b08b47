import Foundation

/// The one encoder for every signed document (wipe certificates, disposal records, evidence-pack
/// manifests): keys sorted, pretty-printed (two-space indent as Foundation writes it), slashes
/// not escaped, and a final newline. These bytes are what is signed and stored; changing this
/// changes the bytes of every future document (the examples in Certificates/examples re-encode to
/// exactly their file bytes — `CanonicalJSONTests`).
public enum CanonicalJSON {
    /// The signed bytes of `value`.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value)) + [0x0A]
    }
}
