import Foundation
import StorageModel

/// A depot's base URL as `expunge depot join` takes it: `https://HOST[:PORT]`, or `http://` to a
/// loopback address (a depot on the same machine, tests) or with `--allow-http`. Plain HTTP
/// elsewhere would send the station's documents and its register lookups unprotected.
public struct DepotAddress: Sendable, Hashable, CustomStringConvertible {
    /// Without a trailing slash.
    public let base: String
    public let isHTTPS: Bool
    public let host: String

    public init(_ text: String, allowHTTP: Bool) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil, url.user == nil else {
            throw ExpungeError(.usage, code: "invalid-depot-url", "\"\(DisplayString.sanitize(text) ?? "?")\" is not a depot URL",
                               remedy: "give the depot's address as https://HOST:PORT")
        }
        guard scheme == "https" || scheme == "http" else {
            throw ExpungeError(.usage, code: "invalid-depot-url", "the depot URL must start with https://", remedy: "give the depot's address as https://HOST:PORT")
        }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if scheme == "http" && !allowHTTP && !Self.isLoopback(bare) {
            throw ExpungeError(.usage, code: "insecure-depot-url",
                               "plain http:// to \(bare) would send the station's documents unprotected",
                               remedy: "use https:// (give the depot's certificate or CA with --ca), or pass --allow-http on a network you trust")
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        isHTTPS = scheme == "https"
        self.host = bare
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { base }
}
