import Foundation
import StorageModel
import Testing
import TestSupport

/// The compliance workflow through the `expunge` executable: import, wipe, dispose, report, pack.
@Suite("records and reports through the CLI", .enabled(if: Privileges.isRoot, Privileges.reason))
struct RecordsIntegrationTests {
    @Test func importWipeDisposeReportAndVerifyThePack() async throws {
        let home = try StationHome()
        let csv = home.root + "/register.csv"
        try "Asset Tag,Serial Number,Make,Model,Type,Owner,Weight (kg)\nLAP-1,SN1,Dell,Latitude 5430,Laptop,Acme Corp,1.36\nbad id,SN2,HP,840,Laptop,Acme,1\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        // The Owner cell names a register customer by legal name; "Acme" is in no register.
        #expect(try home.expunge(["customer", "add", "ACME", "--name", "Acme Corp"]).status == 0)
        let rejected = try home.expunge(["asset", "import", csv])
        #expect(rejected.status == 65)
        #expect(rejected.stderr.contains("line 3"))
        #expect(try home.expunge(["asset", "list", "--json"]).stdout.contains("LAP-1") == false, "nothing imported")
        #expect(try home.expunge(["asset", "import", csv, "--partial"]).status == 0)

        try await ScratchLoopDevice.with(size: .mebibytes(16)) { loop in
            // Release before any wipe is refused.
            let early = try home.expunge(["dispose", "LAP-1", "--route", "resale", "--recipient", "Refurb GmbH"])
            #expect(early.status == 1)
            #expect(early.stderr.contains("refusing to record resale"))
            #expect(try home.expunge(["wipe", loop.path, "--asset", "LAP-1", "--yes", "--progress", "none"]).status == 0)
            #expect(try home.expunge(["wipe", loop.path, "--asset", "UNKNOWN-7", "--yes", "--progress", "none"]).status == 0)
        }
        let list = try home.expunge(["asset", "list"])
        #expect(list.stdout.contains("LAP-1") && list.stdout.contains("sanitized"))
        #expect(list.stdout.contains("UNKNOWN-7") && list.stdout.contains("NOT IN REGISTER"))

        let sold = try home.expunge(["dispose", "LAP-1", "--route", "resale", "--recipient", "Refurb GmbH", "--recipient-certification", "r2v3", "--certification-id", "R2-1"])
        #expect(sold.status == 0, "\(sold.stderr)")
        // A second disposal of the asset is refused unless it supersedes the first, with a reason.
        let soldID = try #require(sold.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
        let twice = try home.expunge(["dispose", "LAP-1", "--route", "resale", "--recipient", "Other Refurb"])
        #expect(twice.status == 1 && twice.stderr.contains("already has disposal record \(soldID)"), "\(twice.stderr)")
        let corrected = try home.expunge(["dispose", "LAP-1", "--route", "resale", "--recipient", "Other Refurb",
                                          "--supersedes", soldID, "--reason", "sold to the other refurbisher, not Refurb GmbH"])
        #expect(corrected.status == 0, "\(corrected.stderr)")
        let recycled = try home.expunge(["dispose", "UNKNOWN-7", "--route", "recycling", "--recipient", "Recycler BV", "--weight-kg", "2.5", "--ewc-code", "16 02 13*"])
        #expect(recycled.status == 0, "\(recycled.stderr)")
        #expect(try home.expunge(["asset", "show", "LAP-1"]).stdout.contains("Status:    resold"))

        let csrd = try home.expunge(["report", "csrd", "--format", "json"])
        #expect(csrd.status == 0)
        let figures = try JSONSerialization.jsonObject(with: Data(csrd.stdout.utf8)) as? [String: Any]
        let generated = ((figures?["figures"] as? [[String: Any]])?.first { $0["element"] as? String == "esrs:WasteGenerated" })?["value"] as? Double
        #expect(generated == 0.0025)
        let gdpr = try home.expunge(["report", "gdpr", "--format", "csv"])
        #expect(gdpr.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3, "header + 2 attempts")

        // Ledger: certificates and disposal records verify together, by Expunge and OpenSSL.
        #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)
        let pack = home.root + "/pack.zip"
        #expect(try home.expunge(["report", "evidence-pack", "-o", pack]).status == 0)
        let verified = try home.expunge(["verify", pack, "--trust", home.trust])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("manifest signed"))
        #expect(!verified.stdout.contains("Findings"), "a superseded disposal is not a double disposal: \(verified.stdout)")
        // Unzipped into a folder, the pack verifies the same.
        let folder = home.root + "/pack-folder"
        #expect(try Shell.run("/usr/bin/unzip", ["-q", pack, "-d", folder]).status == 0)
        let unzipped = try home.expunge(["verify", folder, "--trust", home.trust])
        #expect(unzipped.status == 0, "\(unzipped.stdout)")
        #expect(unzipped.stdout.contains("manifest signed") && unzipped.stdout.contains("selection of"), "\(unzipped.stdout)")
        #expect(!unzipped.stdout.contains("reports/"), "report files are not taken for documents: \(unzipped.stdout)")

        // The index is rebuilt from the signed files alone.
        try FileManager.default.removeItem(atPath: home.root + "/records.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: home.root + "/records.sqlite" + suffix) }
        let rebuilt = try home.expunge(["records", "rebuild"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("Indexed 2 certificates and 3 disposal records"))
        #expect(try home.expunge(["asset", "show", "LAP-1"]).stdout.contains("resold"))
    }
}
