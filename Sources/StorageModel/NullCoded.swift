/// An optional that is written to JSON as `null` when absent, instead of being left out.
///
/// Expunge's documents always carry every key of their schema: unknown is `null`, never a
/// missing key. Synthesized `Codable` leaves nil optionals out, so optional stored properties of
/// documents are declared `@NullCoded`. Decoding accepts a `null` or a missing key as nil.
@propertyWrapper
public struct NullCoded<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as nil, like a plain optional.
    public func decode<V>(_ type: NullCoded<V>.Type, forKey key: Key) throws -> NullCoded<V> {
        try decodeIfPresent(type, forKey: key) ?? NullCoded(wrappedValue: nil)
    }
}
