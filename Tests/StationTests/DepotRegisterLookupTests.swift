import Evidence
import Foundation
import Records
import RecordsSQLite
import Station
import StorageModel
import Synchronization
import Testing
import TestSupport

/// A depot register that answers from a table, or fails like an unreachable depot.
final class FakeRemoteRegister: RemoteRegister {
    let answers: [String: RemoteAsset]
    let failure: String?
    let asked = Mutex<[String]>([])

    init(_ answers: [String: RemoteAsset] = [:], failure: String? = nil) {
        self.answers = answers
        self.failure = failure
    }

    func lookUp(_ assetID: String) async throws -> RemoteAsset? {
        asked.withLock { $0.append(assetID) }
        if let failure { throw ExpungeError(.failed, failure) }
        return answers[assetID]
    }
}

@Suite("Station: asset lookups at the depot, with the station's copy offline")
struct DepotRegisterLookupTests {
    let store: SQLiteRecordStore

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-lookup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        store = try SQLiteRecordStore(path: root + "/records.sqlite")
    }

    static func record(_ id: String, customer: String, inRegister: Bool = true) -> AssetRecord {
        AssetRecord(assetID: id, serial: "SN-\(id)", manufacturer: "Lenovo", model: "T14", category: "laptop", customer: customer, weightKg: nil,
                    inRegister: inRegister, createdAt: "2026-11-30T00:00:00Z")
    }

    @Test func theDepotsAnswerDecidesAndIsKeptForOfflineUse() async throws {
        let depot = FakeRemoteRegister(["LAP-1": RemoteAsset(record: Self.record("LAP-1", customer: "ACME"), status: "recovered"),
                                        "LAP-GONE": RemoteAsset(record: Self.record("LAP-GONE", customer: "ACME"), status: "resold")])
        let checker = AssetChecker(store: store, expectedCustomer: "ACME", remote: depot)
        let found = await checker.check(tag: "LAP-1", serial: nil)
        #expect(found.warnings.isEmpty)
        #expect(found.customer == "ACME" && found.model == "T14")
        let cached = try #require(try await store.asset("LAP-1"))
        #expect(cached.inRegister && cached.customer == "ACME", "the depot's entry is now the station's copy")
        #expect(await checker.check(tag: "LAP-GONE", serial: nil).warnings == [.alreadyDisposed(status: "resold")])
        // Unknown at the depot: not in the register, whatever the station has.
        #expect(await checker.check(tag: "LAP-NEW", serial: nil).warnings == [.notInRegister])
        #expect(depot.asked.withLock { $0 } == ["LAP-1", "LAP-GONE", "LAP-NEW"])
    }

    @Test func anAssetTheDepotKnowsOnlyFromCertificatesIsNotMarkedRegisteredHere() async throws {
        let depot = FakeRemoteRegister(["STRAY-1": RemoteAsset(record: Self.record("STRAY-1", customer: "ACME", inRegister: false), status: "sanitized")])
        let found = await AssetChecker(store: store, remote: depot).check(tag: "STRAY-1", serial: nil)
        #expect(found.warnings == [.notInRegister])
        #expect(try await store.asset("STRAY-1")?.inRegister == false)
    }

    @Test func anUnreachableDepotFallsBackToTheStationsCopyAndSaysSo() async throws {
        try await store.importAssets([Self.record("LAP-2", customer: "Globex")], eachRow: { _ in })
        let checker = AssetChecker(store: store, expectedCustomer: "ACME", remote: FakeRemoteRegister(failure: "connection refused"))
        let found = await checker.check(tag: "LAP-2", serial: nil)
        #expect(found.customer == "Globex", "from the station's copy")
        #expect(found.warnings.first == .depotUnreachable("connection refused"))
        #expect(found.warnings.contains(.customerMismatch(expected: "ACME", found: "Globex")))
        #expect(found.warnings.first?.description == "depot not reached (connection refused); checked against this station's copy")
    }
}
