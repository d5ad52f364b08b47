import RecordsPostgres
import StorageModel
import Testing

@Suite("PostgreSQL settings: URL and PG* variables")
struct PostgresSettingsTests {
    @Test func urlGivesEveryPartAndDecodesThePassword() throws {
        let s = try PostgresSettings(url: "postgres://depot:p%40ss%2Fw0rd@db.example.org:6543/records?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=depot-1",
                                     environment: ["PGUSER": "ignored", "PGPASSWORD": "ignored", "PGHOST": "ignored"])
        #expect(s.user == "depot" && s.password == "p@ss/w0rd" && s.host == "db.example.org" && s.port == 6543 && s.database == "records")
        #expect(s.sslMode == .verifyFull && s.sslRootCert == "/etc/ca.pem" && s.applicationName == "depot-1")
        #expect(s.description == "depot@db.example.org:6543/records", "the description never shows the password")
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let env = ["PGHOST": "10.0.0.5", "PGPORT": "5433", "PGUSER": "expunge", "PGPASSWORD": "secret", "PGDATABASE": "depot", "PGSSLMODE": "require"]
        let fromURL = try PostgresSettings(url: "postgresql:///other", environment: env)
        #expect(fromURL.host == "10.0.0.5" && fromURL.port == 5433 && fromURL.user == "expunge" && fromURL.password == "secret")
        #expect(fromURL.database == "other" && fromURL.sslMode == .require)
        let fromEnvironment = try PostgresSettings(environment: env)
        #expect(fromEnvironment.database == "depot" && fromEnvironment.host == "10.0.0.5")
        let defaults = try PostgresSettings(url: "postgres://u@h", environment: [:])
        #expect(defaults.port == 5432 && defaults.database == "u" && defaults.sslMode == .prefer && defaults.password == nil)
    }

    @Test func aSocketDirectoryIsTheUnixSocketInIt() throws {
        let s = try PostgresSettings(url: "postgres:///depot?host=/var/run/postgresql", environment: ["PGUSER": "expunge", "PGPORT": "5434"])
        #expect(s.usesUnixSocket && s.description == "expunge@/var/run/postgresql/.s.PGSQL.5434/depot")
    }

    @Test(arguments: [
        ("mysql://u@h/db", "not a postgres:// URL"),
        ("postgres://u@h/db?sslmode=maybe", "sslmode maybe"),
        ("postgres://u@h:99999/db", "port"),
        ("postgres://u@h/db?options=-c%20x", "unsupported parameter options"),
        ("postgres://u@h/a/b", "one database name"),
    ])
    func badURLsAreUsageErrorsThatHideThePassword(url: String, why: String) throws {
        #expect {
            _ = try PostgresSettings(url: url.replacingOccurrences(of: "u@", with: "u:hunter2@"), environment: [:])
        } throws: { error in
            guard let e = error as? ExpungeError else { return false }
            return e.exitStatus == .usage && e.code == "bad-database-url" && e.message.contains(why) && !e.message.contains("hunter2") && e.remedy != nil
        }
    }
}
