import Foundation
import PostgresNIO
import StorageModel

/// Where and how to reach the PostgreSQL server: from a `postgres://user:pass@host:port/db?sslmode=…`
/// URL and the libpq environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
/// `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT`, `PGAPPNAME`), which fill in what the URL leaves out,
/// as libpq does. A host that is a directory (`/var/run/postgresql`) means the server's Unix socket
/// in it. Without a host: the Debian socket directory when it exists, else `localhost`.
public struct PostgresSettings: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode`. `prefer` and `require` encrypt without checking the server's certificate
    /// (unless `sslrootcert` is given: then `require` checks it as `verify-ca` does); `verify-ca`
    /// checks the chain, `verify-full` the chain and the host name.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// A PEM file of the certificate authorities to trust for the server's certificate.
    public var sslRootCert: String?
    public var applicationName: String
    /// The schemas to search (the `search_path` sent at connection start), when not the server's
    /// default: tests give each store its own schema.
    public var searchPath: String?
    /// The most connections the store's pool opens.
    public var maximumConnections: Int = 20

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                sslMode: SSLMode = .prefer, sslRootCert: String? = nil, applicationName: String = "expunge-depot", searchPath: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
        self.applicationName = applicationName
        self.searchPath = searchPath
    }

    /// The settings the `PG*` variables give, libpq's defaults for the rest (user: the login name;
    /// database: the user's name; port 5432; sslmode `prefer`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(url: "postgres://", environment: environment)
    }

    /// Parses a `postgres://` or `postgresql://` URL; `environment` fills in what it leaves out.
    /// Query parameters: `sslmode`, `sslrootcert`, `application_name`, `host` (a socket
    /// directory), `options` is refused (say what you need instead).
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw Self.invalid(text, "not a postgres:// URL")
        }
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value else { throw Self.invalid(text, "query parameter \(item.name) has no value") }
            query[item.name] = value
        }
        let known: Set<String> = ["sslmode", "sslrootcert", "application_name", "host", "port", "user", "password", "dbname"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw Self.invalid(text, "unsupported parameter \(unknown) (known: \(known.sorted().joined(separator: ", ")))")
        }
        let login = ProcessInfo.processInfo.userName
        user = nonEmpty(components.percentEncodedUser?.removingPercentEncoding) ?? query["user"] ?? nonEmpty(environment["PGUSER"]) ?? login
        password = nonEmpty(components.percentEncodedPassword?.removingPercentEncoding) ?? query["password"] ?? environment["PGPASSWORD"]
        let hostText = nonEmpty(components.percentEncodedHost?.removingPercentEncoding) ?? query["host"] ?? nonEmpty(environment["PGHOST"])
        if let hostText {
            host = hostText
        } else {
            var directory: ObjCBool = false
            host = FileManager.default.fileExists(atPath: "/var/run/postgresql", isDirectory: &directory) && directory.boolValue
                ? "/var/run/postgresql" : "localhost"
        }
        let portText = components.port.map(String.init) ?? query["port"] ?? nonEmpty(environment["PGPORT"])
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { throw Self.invalid(text, "port \(portText) is not a TCP port") }
            port = p
        } else {
            port = 5432
        }
        let path = components.percentEncodedPath.removingPercentEncoding ?? ""
        let name = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard !name.contains("/") else { throw Self.invalid(text, "the path must be one database name") }
        database = nonEmpty(name) ?? query["dbname"] ?? nonEmpty(environment["PGDATABASE"]) ?? user
        let modeText = query["sslmode"] ?? nonEmpty(environment["PGSSLMODE"]) ?? SSLMode.prefer.rawValue
        guard let mode = SSLMode(rawValue: modeText) else {
            throw Self.invalid(text, "sslmode \(modeText) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        sslRootCert = query["sslrootcert"] ?? nonEmpty(environment["PGSSLROOTCERT"])
        applicationName = query["application_name"] ?? nonEmpty(environment["PGAPPNAME"]) ?? "expunge-depot"
        searchPath = nil
    }

    static func invalid(_ url: String, _ why: String) -> ExpungeError {
        ExpungeError(.usage, code: "bad-database-url", "invalid PostgreSQL URL \(redacted(url)): \(why)",
                     remedy: "write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE, or set PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE")
    }

    /// The URL with any password replaced by `***`, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? "postgres://…"
    }

    /// Whether `host` names a Unix socket directory.
    public var usesUnixSocket: Bool { host.hasPrefix("/") }

    /// The socket file in the directory `host`.
    var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// `user@host:port/database` (never the password), for messages.
    public var description: String {
        usesUnixSocket ? "\(user)@\(socketPath)/\(database)" : "\(user)@\(host):\(port)/\(database)"
    }

    /// What `TLSConfiguration` the mode asks for; nil when TLS is off.
    func tlsConfiguration() -> TLSConfiguration? {
        guard sslMode != .disable, !usesUnixSocket else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let root = sslRootCert { tls.trustRoots = .file(root) }
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer: tls.certificateVerification = sslRootCert == nil ? .none : .noHostnameVerification
        case .require: tls.certificateVerification = sslRootCert == nil ? .none : .noHostnameVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    var startupParameters: [(String, String)] {
        var p = [("application_name", applicationName)]
        if let searchPath { p.append(("search_path", searchPath)) }
        return p
    }

    /// The pool's configuration.
    public func clientConfiguration() -> PostgresClient.Configuration {
        var c: PostgresClient.Configuration
        if usesUnixSocket {
            c = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS = switch (sslMode, tlsConfiguration()) {
            case (.allow, let t?), (.prefer, let t?): .prefer(t)
            case (_, let t?): .require(t)
            case (_, nil): .disable
            }
            c = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        c.options.additionalStartupParameters = startupParameters
        c.options.maximumConnections = maximumConnections
        c.options.connectTimeout = .seconds(10)
        return c
    }

    /// A single connection's configuration (the first connection `migrate` makes, which reports
    /// why a server cannot be reached instead of waiting for the pool to retry).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var c: PostgresConnection.Configuration
        if usesUnixSocket {
            c = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            if let t = tlsConfiguration() {
                let context = try NIOSSLContext(configuration: t)
                tls = sslMode == .allow || sslMode == .prefer ? .prefer(context) : .require(context)
            } else {
                tls = .disable
            }
            c = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        c.options.additionalStartupParameters = startupParameters
        c.options.connectTimeout = .seconds(10)
        return c
    }
}
