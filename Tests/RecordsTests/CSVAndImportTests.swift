import Foundation
import RecordStoreContract
import Records
import RecordsSQLite
import StorageModel
import Testing

@Suite("CSV: RFC 4180 and spreadsheet safety")
struct CSVTests {
    @Test func parsesQuotesCommasAndLineBreaksWithLineNumbers() throws {
        let text = "id,note\r\nA1,\"hello, world\"\r\nA2,\"two\nlines\"\nA3,\"say \"\"hi\"\"\"\n\nA4,\n"
        let records = try CSVTable.parse(text)
        #expect(records.map(\.line) == [1, 2, 3, 5, 7])
        #expect(records[1].fields == ["A1", "hello, world"])
        #expect(records[2].fields == ["A2", "two\nlines"])
        #expect(records[3].fields == ["A3", "say \"hi\""])
        #expect(records[4].fields == ["A4", ""])
    }

    @Test func malformedCSVNamesTheLine() {
        #expect(throws: CSVTable.ParseError.self) { try CSVTable.parse("a,b\n1,\"open\n2,3\n") }
        do { _ = try CSVTable.parse("a,b\n1,x\"y\n") } catch { #expect(error.line == 2) }
    }

    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
    func formulaCellsAreNeutralised(cell: String) throws {
        let out = CSVTable.cell(cell)
        let parsed = try CSVTable.parse(out + "\n")[0].fields[0]
        #expect(parsed.hasPrefix("'"), "\(cell) → \(out)")
        #expect(String(parsed.dropFirst()) == cell)
    }

    @Test func quotingFollowsRFC4180() throws {
        #expect(CSVTable.cell("plain") == "plain")
        #expect(CSVTable.cell("a,b") == "\"a,b\"")
        #expect(CSVTable.cell("say \"x\"") == "\"say \"\"x\"\"\"")
        #expect(CSVTable.cell("Zoë ✓") == "Zoë ✓")
        let doc = CSVTable.document(header: ["a", "b"], rows: [["1", "x,y"], ["=1", "line\nbreak"]])
        #expect(doc.hasSuffix("\r\n"))
        let back = try CSVTable.parse(doc)
        #expect(back.map(\.fields) == [["a", "b"], ["1", "x,y"], ["'=1", "line\nbreak"]])
    }
}

@Suite("Asset import")
struct AssetImportTests {
    @Test func headersMapInAnyOrderWithAliases() {
        let csv = "Weight (kg),Owner,Type,Model,Make,Serial Number,Asset Tag\n1.36,Acme,Laptop,Latitude,Dell,SN1,LAP-1\n,Beta,Monitor,U27,Dell,SN2,MON-1\n"
        let r = AssetImporter().read(csv: csv, createdAt: "t")
        #expect(r.problems.isEmpty)
        #expect(r.assets.map(\.assetID) == ["LAP-1", "MON-1"])
        #expect(r.assets[0].weightKg == 1.36)
        #expect(r.assets[0].customer == "Acme")
        #expect(r.assets[1].weightKg == nil)
        #expect(r.assets[1].category == "monitor", "mapped to the vocabulary")
    }

    @Test func badRowsAreReportedWithTheirLines() {
        let csv = """
        asset_id,serial,weight_kg
        A-1,S1,2
        ,S2,1
        A 3,S3,1
        A-1,S4,1
        A-5,S5,-1
        A-6,S6,9999
        A-7,S7,heavy
        A-8,S8
        A-9,S9,1.5
        """
        let r = AssetImporter().read(csv: csv, createdAt: "t")
        #expect(r.assets.map(\.assetID) == ["A-1", "A-9"])
        #expect(r.problems.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
        #expect(r.problems[2].message.contains("already appears on line 2"))
        #expect(r.problems[6].message.contains("2 fields"))
    }

    @Test func missingIDColumnIsAHeaderProblem() {
        let r = AssetImporter().read(csv: "serial,model\nS1,M\n", createdAt: "t")
        #expect(r.assets.isEmpty)
        #expect(r.problems.first?.line == 1)
    }

    @Test func importIsAllOrNothingAndACrashLeavesTheStoreUnchanged() async throws {
        let t = try TemporaryStore()
        try await t.store.importAssets([Fixtures.asset("KEEP-1")]) { _ in }
        let batch = (0..<1000).map { Fixtures.asset("NEW-\($0)") }
        struct Crash: Error {}
        await #expect(throws: Crash.self) {
            try await t.store.importAssets(batch) { row in if row == 500 { throw Crash() } }
        }
        #expect(try await t.store.overviews(AssetFilter()).map(\.asset.assetID) == ["KEEP-1"])
        // A duplicate against the store fails the whole transaction too.
        await #expect(throws: ExpungeError.self) {
            try await t.store.importAssets([Fixtures.asset("NEW-1"), Fixtures.asset("KEEP-1")]) { _ in }
        }
        #expect(try await t.store.asset("NEW-1") == nil)
        #expect(try await t.store.existingAssetIDs(["KEEP-1", "NOPE"]) == ["KEEP-1"])
    }
}
