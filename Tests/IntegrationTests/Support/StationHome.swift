import Foundation
import Testing
import TestSupport

/// A fresh `EXPUNGE_HOME` with a station key made by `expunge keys init`, removed afterwards.
final class StationHome: @unchecked Sendable {
    let root: String

    init(station: String = "IT-STATION") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-test-home-\(UUID().uuidString)").path
        let r = try Shell.expunge(["keys", "init", "--station", station, "--org", "Integration Tests"], home: root)
        guard r.status == 0 else { throw ShellError(command: "expunge keys init", output: r.stderr) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var ledger: String { root + "/ledger" }
    var trust: String { root + "/keys/trust.pem" }

    func expunge(_ arguments: [String], environment: [String: String] = [:]) throws -> Shell.Result {
        try Shell.run(Shell.expunge, arguments, environment: ["NO_COLOR": "1", "EXPUNGE_HOME": root].merging(environment) { $1 })
    }

    /// The certificates in the ledger, decoded loosely.
    func certificates() throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: ledger) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: ledger).filter { $0.hasSuffix(".json") && $0 != "state.json" }.sorted()
        return try names.map { try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ledger + "/" + $0))) as! [String: Any] }
    }

    func certificateFiles() throws -> [String] {
        guard FileManager.default.fileExists(atPath: ledger) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: ledger).filter { $0.hasSuffix(".json") && $0 != "state.json" }.sorted().map { ledger + "/" + $0 }
    }

    /// Every certificate in the ledger checked by stock OpenSSL and against the JSON Schema;
    /// empty when all pass.
    func evidenceProblems() throws -> [String] {
        let files = try certificateFiles()
        var problems = try files.compactMap { f in try opensslProblem(f).map { "\(f): openssl: \($0)" } }
        if let schema = try SchemaValidator.errors(files: files, schema: SchemaValidator.schema("Certificates/schema/wipe-certificate.schema.json")) {
            problems.append(schema)
        }
        return problems
    }

    /// Runs stock `openssl cms -verify` on one certificate; nil when it verifies.
    func opensslProblem(_ json: String) throws -> String? {
        try OpenSSLCLI.verifyProblem(document: json, signature: String(json.dropLast(5)) + ".p7s", trust: trust)
    }
}
