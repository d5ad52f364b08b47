import Evidence
import Foundation
import StorageModel
import Testing
import TestSupport

/// `machine` (schema version 4): the computer a drive was wiped in, in place.
@Suite("Certificates: the machine a drive was wiped in")
struct MachineSectionTests {
    static let laptop = MachineIdentity(vendor: "LENOVO", product: "20XW0026GE", serial: "PF2ABCDE")

    @Test func aCertificateNamingItsMachineVerifiesAndMatchesTheSchema() throws {
        let station = try TestStation()
        let entries = [try station.certify { $0.machine = Self.laptop }, try station.certify()]
        for e in entries {
            #expect(DocumentVerifier(trust: station.trust).verifyDocument(at: e.documentPath).problems.isEmpty, "\(e.documentPath)")
        }
        let text = try String(contentsOfFile: entries[0].documentPath, encoding: .utf8)
        #expect(text.contains("\"schema_version\" : 5") && text.contains("\"serial\" : \"PF2ABCDE\""))
        #expect(try String(contentsOfFile: entries[1].documentPath, encoding: .utf8).contains("\"machine\"") == false,
                "omitted for a drive wiped in a bay")
        let problems = try SchemaValidator.errors(files: entries.map(\.documentPath),
                                                  schema: SchemaValidator.schema("Certificates/schema/wipe-certificate.schema.json"))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test func earlierVersionsCannotNameAMachine() throws {
        let station = try TestStation()
        let entry = try station.certify { $0.write(asVersion: 3); $0.machine = Self.laptop }
        #expect(DocumentVerifier(trust: station.trust).verifyDocument(at: entry.documentPath).problems == ["a machine in a schema_version 3 certificate"])
        let plain = try station.certify { $0.write(asVersion: 3) }
        #expect(DocumentVerifier(trust: station.trust).verifyDocument(at: plain.documentPath).problems.isEmpty)
    }
}
