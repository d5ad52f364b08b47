import Foundation
import PostgresNIO
import StorageModel

/// Maps PostgreSQL failures to operator errors: unreachable, refused credentials, missing
/// database, duplicate keys, lost connections. Errors that are not PostgreSQL's pass through
/// unchanged (a caller's own error thrown from inside a transaction stays what it was).
enum PostgresFailure {
    static func describe(_ error: any Error, settings: PostgresSettings) -> any Error {
        guard let e = error as? PSQLError else { return error }
        let server = "the PostgreSQL server \(settings.description)"
        let reach = "check that it runs and that --database or the PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) name it"
        switch e.code {
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            let message = e.serverInfo?[.message] ?? "error \(state)"
            let detail = e.serverInfo?[.detail].map { " (\($0))" } ?? ""
            switch state {
            case "28P01", "28000":
                return ExpungeError(.permission, code: "database-auth", "\(server) refused the credentials of \(settings.user): \(message)",
                                    remedy: "check the user and password (the URL, PGPASSWORD) and the server's pg_hba.conf")
            case "3D000":
                return ExpungeError(.failed, code: "database-missing", "\(server): \(message)",
                                    remedy: "create it (createdb \(settings.database)) or name another database")
            case "42501":
                return ExpungeError(.permission, code: "database-permission", "\(server): \(message)",
                                    remedy: "grant the depot's user the rights on its database and schema")
            case "23505":
                return ExpungeError(.badInput, code: "duplicate", "the record store already has this key\(detail)",
                                    remedy: "leave out the rows that already exist")
            case "40001", "40P01":
                return ExpungeError(.failed, code: "database-conflict", "\(server): \(message) — nothing was written", remedy: "retry")
            case "57P01", "57P02", "57P03":
                return ExpungeError(.failed, code: "database-unavailable", "\(server) is shutting down or starting: \(message)",
                                    remedy: "retry when it is up")
            default:
                return ExpungeError(.failed, code: "database-error", "\(server): \(message)\(detail) [SQLSTATE \(state)]", cause: e)
            }
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let why = e.underlying.map { ": \(String(describing: $0))" } ?? ""
            return ExpungeError(.failed, code: "database-unreachable", "cannot reach \(server)\(why)", remedy: reach, cause: e)
        case .sslUnsupported:
            return ExpungeError(.failed, code: "database-tls", "\(server) does not offer TLS, and sslmode is \(settings.sslMode.rawValue)",
                                remedy: "enable ssl on the server, or use sslmode=prefer on a trusted network")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return ExpungeError(.failed, code: "database-tls", "TLS with \(server) failed", remedy: "check sslmode and sslrootcert", cause: e)
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return ExpungeError(.permission, code: "database-auth", "\(server) asked for an authentication this client cannot give (\(e.code))",
                                remedy: "give a password (PGPASSWORD or the URL), or use scram-sha-256, md5 or trust in pg_hba.conf")
        case .poolClosed, .clientClosedConnection:
            return ExpungeError(.failed, code: "database-closed", "the connection pool to \(server) is closed",
                                remedy: "keep the store's run() task running while the store is used (withPostgresStore does)")
        default:
            return ExpungeError(.failed, code: "database-error", "\(server): \(e.code)", cause: e)
        }
    }
}
