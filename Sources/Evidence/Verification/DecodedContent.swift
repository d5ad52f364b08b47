/// The typed value a document type's rules decoded (a `WipeCertificate`, a `DisposalRecord`…),
/// kept with the verdict so that a caller that indexes the document (the depot's ingest) does
/// not decode the same bytes again. It takes no part in equality or hashing: it is a function of
/// the bytes whose SHA-256 the verdict already carries.
public struct DecodedContent: Sendable, Hashable {
    public let value: any Sendable

    public init(_ value: any Sendable) { self.value = value }

    public static func == (_: DecodedContent, _: DecodedContent) -> Bool { true }
    public func hash(into _: inout Hasher) {}
}
