import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

/// `expunge verify` findings through the executable: own section, `findings` in --json, the
/// exit status non-zero only with --strict. No device needed (a throwaway station signs).
@Suite("verify findings through the CLI")
struct VerifyFindingsIntegrationTests {
    @Test func findingsFailTheRunOnlyWithStrict() throws {
        let station = try TestStation()
        try station.certify(asset: "ASSET-1")
        try station.certify(asset: "ASSET-2")  // the same device under a second asset
        let args = ["verify", station.home.ledger, "--trust", station.store.trustPath]
        let plain = try Shell.expunge(args)
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("Findings (1") && plain.stdout.contains("[device-under-two-assets]"), "\(plain.stdout)")
        #expect(plain.stdout.contains("documents: continuous") && plain.stdout.contains("all valid; 1 finding"), "\(plain.stdout)")
        let strict = try Shell.expunge(args + ["--strict"])
        #expect(strict.status == 1, "\(strict.stdout)")
        let json = try Shell.expunge(args + ["--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.first?["code"] as? String == "device-under-two-assets")
    }
}
