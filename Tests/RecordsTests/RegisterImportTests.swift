import Foundation
import RecordStoreContract
import Records
import RecordsSQLite
import StorageModel
import Testing

/// Registers as real tools export them: European spreadsheets (semicolons, a byte-order mark),
/// legacy Windows encodings, tab-separated exports and Snipe-IT's column names.
@Suite("Register import: delimiters, encodings, vocabulary, updates")
struct RegisterImportTests {
    let importer = AssetImporter()
    let now = "2026-11-30T09:00:00Z"

    @Test func semicolonFileWithAByteOrderMarkAndDecimalCommas() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Asset Tag;Serial;Category;Customer;Weight (kg)\r\nLAP-1;SN1;Laptop;Łódź Sp. z o.o.;1,36\r\nMON-2;SN2;Display;Müller GmbH;5,7\r\n".utf8)
        let text = try #require(RegisterEncoding.utf8.decode(bytes))
        #expect(CSVTable.Delimiter.detect(in: text) == .semicolon)
        let r = importer.read(csv: text, createdAt: now)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.assets.map(\.assetID) == ["LAP-1", "MON-2"])
        #expect(r.assets[0].customer == "Łódź Sp. z o.o." && r.assets[0].weightKg == 1.36 && r.assets[0].category == "laptop")
        #expect(r.assets[1].category == "monitor" && r.assets[1].weightKg == 5.7)
    }

    @Test func windows1252FileWithAccents() throws {
        // "Müller" and "Société Générale" in Windows-1252: ü = FC, é = E9; € = 80 in a model name.
        var bytes = Array("asset_id,customer,model\r\nA-1,M".utf8) + [0xFC] + Array("ller AG,X1 ".utf8) + [0x80] + Array("\r\nA-2,Soci".utf8)
        bytes += [0xE9] + Array("t".utf8) + [0xE9] + Array(" G".utf8) + [0xE9] + Array("n".utf8) + [0xE9] + Array("rale,T14\r\n".utf8)
        #expect(RegisterEncoding.utf8.decode(bytes) == nil, "not UTF-8: the command asks for --encoding")
        let text = try #require(RegisterEncoding.windows1252.decode(bytes))
        let r = importer.read(csv: text, createdAt: now)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.assets.map(\.customer) == ["Müller AG", "Société Générale"])
        #expect(r.assets[0].model == "X1 €")
        #expect(RegisterEncoding.latin1.decode(Array("Gr".utf8) + [0xFC] + Array("n".utf8)) == "Grün")
        #expect(RegisterEncoding.windows1252.decode([0x41, 0x81]) == nil, "81 is undefined in Windows-1252")
    }

    @Test func tabSeparatedFile() throws {
        let text = "asset_id\tserial\tcategory\tcustomer\nSRV-1\tS1\tRack Server\tAcme, Inc.\nHD-2\tS2\thard drives\tAcme, Inc.\n"
        #expect(CSVTable.Delimiter.detect(in: text) == .tab)
        let r = importer.read(csv: text, createdAt: now)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.assets.map(\.category) == ["server", "hdd"])
        #expect(r.assets[0].customer == "Acme, Inc.")
    }

    @Test func snipeITExportImportsWithoutAMapping() throws {
        // Snipe-IT's asset export: its internal "ID" beside the "Asset Tag" (the asset ID we want).
        let text = """
            ID,Company,Name,Asset Tag,Model,Model No.,Category,Manufacturer,Serial,Status
            17,Acme Corp,Jane's laptop,ACME-0017,Latitude 5430,P137G,Laptops,Dell,5CD1234XYZ,Ready to Deploy
            18,Acme Corp,,ACME-0018,iPhone 13,A2633,Mobile Phones,Apple,F17ABC,Pending

            """
        let r = importer.read(csv: text, createdAt: now)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.assets.map(\.assetID) == ["ACME-0017", "ACME-0018"])
        #expect(r.assets.map(\.category) == ["laptop", "phone"])
        #expect(r.assets[0].manufacturer == "Dell" && r.assets[0].serial == "5CD1234XYZ" && r.assets[0].customer == "Acme Corp")
        #expect(r.assets[0].model == "Latitude 5430")
    }

    @Test func unknownCategoryIsReportedWithTheVocabulary() {
        let r = importer.read(csv: "asset_id,category\nA-1,Coffee machine\nA-2,other\n", createdAt: now)
        #expect(r.assets.map(\.assetID) == ["A-2"])
        #expect(r.problems.count == 1 && r.problems[0].line == 2)
        #expect(r.problems[0].message.contains("\"Coffee machine\"") && r.problems[0].message.contains(AssetCategory.vocabulary))
    }

    @Test func duplicateIDsNameBothLines() {
        let r = importer.read(csv: "asset_id\nA-1\nA-2\nA-1\n", createdAt: now)
        #expect(r.problems.map(\.description) == ["line 4: asset ID A-1 already appears on line 2"])
    }

    @Test(arguments: [("Notebooks", AssetCategory.laptop), ("USB_Flash_Drive", .usbStick), ("SD Card", .memoryCard),
                      ("Smartphone", .phone), ("NVMe SSD", .nvme), ("usb-stick", .usbStick), ("Switches", .network)])
    func synonymsMapToTheVocabulary(word: String, category: AssetCategory) {
        #expect(AssetCategory.parse(word) == category)
    }

    @Test func everyCategoryButOtherHasAWEEECategory() {
        for c in AssetCategory.allCases {
            #expect((c.defaultWEEECategory == nil) == (c == .other), "\(c)")
            #expect(ComplianceReference.categoryKey(c.rawValue) == c.rawValue)
        }
    }

    @Test func updateChangesRegisterFieldsOnlyAndIsAllOrNothing() async throws {
        let t = try TemporaryStore()
        try await t.store.importAssets([Fixtures.asset("LAP-1", customer: "Old Ltd", weight: 1.2)]) { _ in }
        try await t.store.index(certificate: Fixtures.certificate("C-1", asset: "LAP-1", serial: "S1", result: .passed,
                                                                  ended: "2026-03-01T10:00:00Z", sequence: 1))
        let update = AssetRecord(assetID: "LAP-1", serial: nil, manufacturer: nil, model: "Latitude 7440", category: "laptop",
                                 customer: "New GmbH", weightKg: nil, inRegister: true, createdAt: now)
        let new = Fixtures.asset("LAP-2")
        // An update of an asset that is not there fails the whole import: the new asset is not kept either.
        let ghost = AssetRecord(assetID: "GHOST", serial: nil, manufacturer: nil, model: "X", category: nil, customer: nil,
                                weightKg: nil, inRegister: true, createdAt: now)
        await #expect(throws: ExpungeError.self) { try await t.store.importAssets([new], updating: [update, ghost]) { _ in } }
        #expect(try await t.store.asset("LAP-2") == nil)
        #expect(try await t.store.asset("LAP-1")?.customer == "Old Ltd")

        try await t.store.importAssets([new], updating: [update]) { _ in }
        let updated = try #require(try await t.store.asset("LAP-1"))
        #expect(updated.customer == "New GmbH" && updated.model == "Latitude 7440")
        #expect(updated.weightKg == 1.2 && updated.serial == "SN-LAP-1", "empty cells leave fields as they are")
        #expect(try await t.store.certificates(assetID: "LAP-1").map(\.certificateID) == ["C-1"], "history untouched")
        #expect(try await t.store.asset("LAP-2") != nil)
    }
}
