import RecordStoreContract
import Evidence
import Foundation
import Records
import Reports
import StorageModel
import Testing
import TestSupport

@Suite("Strict values: dates, weights, free text")
struct StrictInputTests {
    @Test(arguments: ["2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-01-01", "2026-01-01T00:00:00Z", " 2026-01-01"])
    func impossibleDatesAreRefusedEverywhere(date: String) async throws {
        #expect(!CalendarDate.isValid(date))
        #expect(throws: ExpungeError.self) { try ReportPeriod(from: date, to: "2026-12-31") }
        #expect(throws: ExpungeError.self) { try ReportPeriod(from: "2026-01-01", to: date) }
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-1", weight: 2)]) { _ in }
        let desk = DisposalDesk(store: t.store, ledger: station.ledger, signer: station.signer, tool: TestStation.tool, trust: station.trust)
        await #expect(throws: ExpungeError.self) {
            try await desk.record(DisposalRequest(assetID: "LAP-1", route: .landfill, recipient: "X", date: date))
        }
    }

    @Test func realDatesAreAccepted() throws {
        for d in ["2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30"] { #expect(CalendarDate.isValid(d), "\(d)") }
        #expect(!CalendarDate.isValid("1900-02-29"), "1900 is not a leap year")
        _ = try ReportPeriod(from: "2024-02-29", to: "2026-04-30")
    }

    @Test(arguments: ["0x10", "1e3", "inf", "nan", "-2", "+2", "2.", ".5", "1.2.3", "1,2,3", "", "0x1p4"])
    func nonDecimalWeightsAreRefused(text: String) {
        #expect(DecimalWeight.parse(text) == nil)
        let csv = "asset_id,weight_kg\nA-1,\(text.isEmpty ? "x" : text)\n"
        let r = AssetImporter().read(csv: csv, createdAt: "2026-01-01T00:00:00Z")
        #expect(r.assets.isEmpty && r.problems.count == 1, "\(r.problems)")
    }

    @Test func decimalWeightsAreRead() {
        #expect(DecimalWeight.parse("2.5") == 2.5)
        #expect(DecimalWeight.parse("2,5") == 2.5)
        #expect(DecimalWeight.parse(" 12 ") == 12)
    }

    @Test func controlCharactersInImportedFieldsAreRefusedNotSigned() async {
        let csv = "asset_id,model,customer\nA-1,\"Disk\u{1B}[31m\",Acme\nA-2,Disk,\"Acme\u{202E}\"\nA-3,Disk,Acme\n"
        let r = AssetImporter().read(csv: csv, createdAt: "2026-01-01T00:00:00Z")
        #expect(r.assets.map(\.assetID) == ["A-3"])
        #expect(r.problems.map(\.description) == [
            "line 2: model contains the control character U+001B (not allowed)",
            "line 3: customer contains the control character U+202E (not allowed)",
        ])
        #expect(!r.problems.contains { $0.description.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E } })
    }

    @Test func emptyOrControlFreeTextIsRefusedBeforeSigning() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-1", weight: 2)]) { _ in }
        let desk = DisposalDesk(store: t.store, ledger: station.ledger, signer: station.signer, tool: TestStation.tool, trust: station.trust)
        let cases: [(DisposalRequest, String)] = [
            (DisposalRequest(assetID: "LAP-1", route: .recycling, recipient: "R", mediaDestroyedReference: ""), "--media-destroyed is empty"),
            (DisposalRequest(assetID: "LAP-1", route: .recycling, recipient: "R", mediaDestroyedReference: " \t "), "--media-destroyed is empty"),
            (DisposalRequest(assetID: "LAP-1", route: .landfill, recipient: "R\u{1B}[2J"), "the recipient contains the control character U+001B"),
            (DisposalRequest(assetID: "LAP-1", route: .landfill, recipient: "R", operatorID: "op\n1"), "--operator contains the control character U+000A"),
            (DisposalRequest(assetID: "LAP-1", route: .landfill, recipient: "R", transferNote: "\u{9B}x"), "--transfer-note contains the control character U+009B"),
        ]
        for (request, expected) in cases {
            do {
                _ = try await desk.record(request)
                Issue.record("accepted: \(expected)")
            } catch let e as ExpungeError {
                #expect(e.message == expected + (expected.hasSuffix("empty") ? "" : " (not allowed in signed documents)"))
                #expect(e.exitStatus == .usage)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: station.home.ledger), "nothing was signed")
    }

    @Test func inputTextNamesTheCodePointNeverTheCharacter() {
        #expect(InputText.problem("Acme", name: "--customer") == nil)
        #expect(InputText.problem("  ", name: "--customer") == "--customer is empty")
        #expect(InputText.problem("A\u{7F}", name: "--customer") == "--customer contains the control character U+007F (not allowed in signed documents)")
        #expect(InputText.problem(String(repeating: "x", count: 257), name: "--customer") == "--customer is longer than 256 characters")
    }
}

@Suite("CSV limits")
struct CSVLimitTests {
    @Test func aFieldJustOverTheMaximumIsRefusedWithItsLine() throws {
        let ok = String(repeating: "m", count: CSVTable.maxFieldBytes)
        #expect(try CSVTable.parse("a,b\n1,\(ok)\n").count == 2)
        let over = ok + "m"
        #expect(throws: CSVTable.ParseError.self) { try CSVTable.parse("a,b\n1,\(over)\n") }
        do { _ = try CSVTable.parse("a,b\n1,\"\(over)\"\n") } catch {
            #expect(error.description == "line 2: a field is longer than 4096 bytes (the maximum)")
        }
        do { _ = try CSVTable.parse("a,b\n1,\(over)") } catch {
            #expect(error.line == 2, "also at the end of the input without a line break")
        }
        let r = AssetImporter().read(csv: "asset_id,model\nA-1,\(over)\n", createdAt: "2026-01-01T00:00:00Z")
        #expect(r.assets.isEmpty && r.problems.first?.message == "a field is longer than 4096 bytes (the maximum)")
    }

    @Test func aRecordJustOverTheMaximumIsRefused() throws {
        let field = String(repeating: "f", count: 4000)
        let fields = CSVTable.maxRecordBytes / 4001
        let atMost = Array(repeating: field, count: fields).joined(separator: ",")
        #expect(atMost.utf8.count <= CSVTable.maxRecordBytes)
        #expect(try CSVTable.parse(atMost + "\n").count == 1)
        let over = atMost + "," + String(repeating: "g", count: CSVTable.maxRecordBytes - atMost.utf8.count)
        #expect(over.utf8.count == CSVTable.maxRecordBytes + 1)
        do {
            _ = try CSVTable.parse("h\n" + over + "\n")
            Issue.record("accepted a record over the maximum")
        } catch {
            #expect(error.description == "line 2: a record is longer than 65536 bytes (the maximum)")
        }
    }
}
