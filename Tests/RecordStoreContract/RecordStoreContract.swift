import Foundation
import Records
import StorageModel

/// The behaviour every `RecordStore` must have, whatever the database under it: one case per
/// behaviour, each run on a new, empty store. A backend's test target runs every case
/// (`@Test(arguments: RecordStoreContract.cases)`) with its own store factory; SQLite's is in
/// `RecordsSQLiteTests`, PostgreSQL's will be beside it.
public struct RecordStoreContract: Sendable, CustomStringConvertible {
    public let description: String
    let check: @Sendable (any RecordStore) async throws -> Void

    init(_ name: String, _ check: @escaping @Sendable (any RecordStore) async throws -> Void) {
        description = name
        self.check = check
    }

    /// Runs this case on `store` (new and empty); throws a `Violation` naming what differed.
    public func run(on store: any RecordStore) async throws { try await check(store) }

    /// A behaviour the store did not have.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        if !condition { throw Violation(description: what()) }
    }

    public static let cases: [RecordStoreContract] = [
        RecordStoreContract("import is all or nothing") { store in
            struct Stop: Error {}
            let batch = (1...50).map { Fixtures.asset("A-\($0)") }
            do {
                try await store.importAssets(batch) { row in if row == 25 { throw Stop() } }
                try require(false, "an import whose row callback threw was committed")
            } catch is Stop {}
            try require(try await store.existingAssetIDs(batch.map(\.assetID)).isEmpty, "a failed import left rows behind")
            try await store.importAssets(batch) { _ in }
            try require(try await store.existingAssetIDs(["A-1", "A-50", "NOPE"]) == ["A-1", "A-50"], "existingAssetIDs after import")
            do {
                try await store.importAssets([Fixtures.asset("NEW"), Fixtures.asset("A-1")]) { _ in }
                try require(false, "a duplicate asset ID was imported")
            } catch let e as any OperatorError {
                try require(e.exitStatus != .success, "duplicate import error")
            }
            try require(try await store.asset("NEW") == nil, "a duplicate in the batch must undo the whole batch")
        },
        RecordStoreContract("assets round-trip and ensureAsset never overwrites") { store in
            let a = Fixtures.asset("R-1", category: "Monitor", customer: "Łódź Sp. z o.o.", weight: 4.25)
            try require(try await store.ensureAsset(a), "ensureAsset creates an unknown asset")
            var changed = a
            changed.model = "Other"
            try require(!(try await store.ensureAsset(changed)), "ensureAsset of a known asset reports it existed")
            try require(try await store.asset("R-1") == a, "asset round-trip (Unicode, weight, category)")
            try require(try await store.asset("R-2") == nil, "unknown asset is nil")
        },
        RecordStoreContract("awaiting-destruction marks") { store in
            _ = try await store.ensureAsset(Fixtures.asset("M-1"))
            try require(!(try await store.isMarkedAwaitingDestruction("M-1")), "new asset is not marked")
            try await store.markAwaitingDestruction("M-1", at: "2026-03-01T10:00:00Z")
            try require(try await store.isMarkedAwaitingDestruction("M-1"), "mark is stored")
            try require(try await store.overviews(AssetFilter()).first?.status == .awaitingDestruction, "mark shows in the status")
            try await store.markAwaitingDestruction("M-1", at: nil)
            try require(!(try await store.isMarkedAwaitingDestruction("M-1")), "mark is cleared")
        },
        RecordStoreContract("certificates and disposals are indexed and found by asset and period") { store in
            _ = try await store.ensureAsset(Fixtures.asset("C-1"))
            let c1 = Fixtures.certificate("ST-000001", asset: "C-1", serial: "S1", result: .failed, ended: "2026-02-01T10:00:00Z", sequence: 1)
            let c2 = Fixtures.certificate("ST-000002", asset: "C-1", serial: "S1", result: .passed, ended: "2026-02-02T10:00:00Z", sequence: 2)
            let d = Fixtures.disposal("ST-000003", asset: "C-1", route: .resale, kg: 1.5, source: .measured, ewc: nil, on: "2026-02-03")
            try await store.index(certificate: c1)
            try await store.index(certificate: c2)
            try await store.index(certificate: c2)  // indexing twice is idempotent
            try await store.index(disposal: d)
            try require(try await store.certificates(assetID: "C-1").sorted { $0.sequence < $1.sequence } == [c1, c2], "certificates by asset")
            try require(try await store.disposals(assetID: "C-1") == [d], "disposals by asset")
            try require(try await store.certificates(endedFrom: "2026-02-02", to: "2026-02-28").map(\.certificateID) == ["ST-000002"],
                        "certificates by period (inclusive dates)")
            try require(try await store.disposals(from: "2026-02-01", to: "2026-02-03").map(\.recordID) == ["ST-000003"], "disposals by period")
            try require(try await store.disposals(from: "2026-02-04", to: "2026-12-31").isEmpty, "disposal outside the period")
        },
        RecordStoreContract("overviews derive the lifecycle from the latest attempt per device") { store in
            try await store.importAssets([Fixtures.asset("L-1"), Fixtures.asset("L-2", customer: "Other"), Fixtures.asset("L-3")]) { _ in }
            // L-1: device S1 failed then passed, device S2 passed → sanitized.
            try await store.index(certificate: Fixtures.certificate("X-1", asset: "L-1", serial: "S1", result: .failed, ended: "2026-01-01T10:00:00Z", sequence: 1))
            try await store.index(certificate: Fixtures.certificate("X-2", asset: "L-1", serial: "S1", result: .passed, ended: "2026-01-02T10:00:00Z", sequence: 2))
            try await store.index(certificate: Fixtures.certificate("X-3", asset: "L-1", serial: "S2", result: .passed, ended: "2026-01-02T11:00:00Z", sequence: 3))
            // L-2: latest attempt failed → sanitization failed.
            try await store.index(certificate: Fixtures.certificate("X-4", asset: "L-2", serial: "S3", result: .failed, ended: "2026-01-03T10:00:00Z", sequence: 4))
            let all = try await store.overviews(AssetFilter())
            try require(all.map(\.asset.assetID) == ["L-1", "L-2", "L-3"], "overviews in asset-ID order")
            try require(all.map(\.status) == [.sanitized, .sanitizationFailed, .recovered], "statuses \(all.map(\.status))")
            try require(all[0].devices == 2 && all[0].certificates == 3, "device and certificate counts")
            try require(try await store.overviews(AssetFilter(status: .sanitized)).map(\.asset.assetID) == ["L-1"], "status filter")
            try require(try await store.overviews(AssetFilter(customer: "Other")).map(\.asset.assetID) == ["L-2"], "customer filter")
            var elsewhere = Fixtures.certificate("Y-1", asset: "L-2", serial: "S9", result: .passed, ended: "2026-01-04T10:00:00Z", sequence: 1)
            elsewhere.station = "DEPOT-2"
            try await store.index(certificate: elsewhere)
            try require(try await store.overviews(AssetFilter(station: "DEPOT-2")).map(\.asset.assetID) == ["L-2"], "station filter")
            try require(try await store.overviews(AssetFilter(station: "DEPOT-1")).map(\.asset.assetID) == ["L-1", "L-2"], "station filter, either station")
            try require(try await store.overviews(AssetFilter(station: "NONE")).isEmpty, "station filter, no certificate")
            try await store.index(disposal: Fixtures.disposal("X-5", asset: "L-1", route: .recycling, kg: 2, source: .measured, ewc: "16 02 14", on: "2026-01-05"))
            try require(try await store.overviews(AssetFilter(status: .recycled)).map(\.asset.assetID) == ["L-1"], "the latest disposal decides")
            var streamed: [String] = []
            try await store.forEachOverview(AssetFilter()) { streamed.append($0.asset.assetID) }
            try require(streamed == ["L-1", "L-2", "L-3"], "forEachOverview streams the same listing")
        },
        RecordStoreContract("a certificate of one NVMe namespace alone never makes the asset sanitized") { store in
            let ids = ["N-ALONE", "N-BOTH", "N-UNALLOC", "N-SINGLE", "N-LEGACY", "N-FAILED"]
            try await store.importAssets(ids.map { Fixtures.asset($0) }) { _ in }
            let t = "2026-06-01T10:00:00Z"
            var seq: UInt64 = 0
            func next() -> UInt64 { seq += 1; return seq }
            // Namespace 1 of a two-namespace controller, alone.
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-1", asset: "N-ALONE", serial: "C1", nsid: 1, others: [2], ended: t, sequence: next()))
            // Both namespaces passed: together they cover the drive.
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-2", asset: "N-BOTH", serial: "C2", nsid: 1, others: [2], ended: t, sequence: next()))
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-3", asset: "N-BOTH", serial: "C2", nsid: 2, others: [1], ended: t, sequence: next()))
            // Both passed, but capacity outside any namespace: never covered by a namespace wipe.
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-4", asset: "N-UNALLOC", serial: "C3", nsid: 1, others: [2], unallocated: 1 << 30, ended: t, sequence: next()))
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-5", asset: "N-UNALLOC", serial: "C3", nsid: 2, others: [1], unallocated: 1 << 30, ended: t, sequence: next()))
            // The only namespace, nothing unallocated: the whole drive.
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-6", asset: "N-SINGLE", serial: "C4", nsid: 1, others: [], ended: t, sequence: next()))
            // An NVMe certificate from before scopes were recorded: what it reached is unknown.
            var legacy = Fixtures.certificate("NS-7", asset: "N-LEGACY", serial: "C5", result: .passed, ended: t, sequence: next())
            legacy.mediaType = .nvme
            legacy.scopeWholeDevice = false
            try await store.index(certificate: legacy)
            // One namespace passed, the other failed: failed wins.
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-8", asset: "N-FAILED", serial: "C6", nsid: 1, others: [2], ended: t, sequence: next()))
            try await store.index(certificate: Fixtures.namespaceCertificate("NS-9", asset: "N-FAILED", serial: "C6", nsid: 2, others: [1], result: .failed, ended: t, sequence: next()))
            let listed = Dictionary(uniqueKeysWithValues: try await store.overviews(AssetFilter()).map { ($0.asset.assetID, $0.status) })
            let expected: [String: LifecycleStatus] = ["N-ALONE": .sanitizationIncomplete, "N-BOTH": .sanitized, "N-UNALLOC": .sanitizationIncomplete,
                                                       "N-SINGLE": .sanitized, "N-LEGACY": .sanitizationIncomplete, "N-FAILED": .sanitizationFailed]
            try require(listed == expected, "listing statuses \(listed)")
            for id in ids {
                let swift = AssetLifecycle.status(certificates: try await store.certificates(assetID: id), disposals: [], markedAwaitingDestruction: false)
                try require(swift == expected[id], "\(id): the Swift rule on the stored entries gives \(swift)")
            }
            try require(try await store.overviews(AssetFilter()).first { $0.asset.assetID == "N-BOTH" }?.devices == 2, "two namespaces are two devices")
        },
        RecordStoreContract("the erasure stream carries the owner and the latest disposal") { store in
            try await store.importAssets([Fixtures.asset("E-1", customer: "Acme"), Fixtures.asset("E-2", customer: nil)]) { _ in }
            try await store.index(certificate: Fixtures.certificate("E-C1", asset: "E-1", serial: "S1", result: .passed, ended: "2026-04-01T10:00:00Z", sequence: 1))
            try await store.index(certificate: Fixtures.certificate("E-C2", asset: "E-2", serial: "S2", result: .failed, ended: "2026-04-02T10:00:00Z", sequence: 2))
            try await store.index(disposal: Fixtures.disposal("E-D1", asset: "E-1", route: .recycling, kg: 1, source: .measured, ewc: "16 02 14", on: "2026-04-03"))
            try await store.index(disposal: Fixtures.disposal("E-D2", asset: "E-1", route: .resale, kg: 1, source: .measured, ewc: nil, on: "2026-04-05"))
            var rows: [(String, String?, String?)] = []
            try await store.forEachErasureEntry(endedFrom: "2026-04-01", to: "2026-04-30") { c, owner, d in rows.append((c.certificateID, owner, d?.recordID)) }
            try require(rows.map(\.0) == ["E-C1", "E-C2"], "erasure entries in asset order")
            try require(rows[0].1 == "Acme" && rows[1].1 == nil, "the asset's customer")
            try require(rows[0].2 == "E-D2" && rows[1].2 == nil, "the latest disposal per asset")
            var disposals: [(String, String?)] = []
            try await store.forEachDisposal(from: "2026-04-01", to: "2026-04-04") { d, owner in disposals.append((d.recordID, owner)) }
            try require(disposals.map(\.0) == ["E-D1"] && disposals[0].1 == "Acme", "disposal stream with owner, by period")
        },
        RecordStoreContract("indexed document IDs cover certificates and disposal records") { store in
            try require(try await store.indexedDocumentIDs().isEmpty, "an empty store indexes nothing")
            try await store.index(certificate: Fixtures.certificate("ST-000001", asset: "I-1", serial: "S1", result: .passed, ended: "2026-06-01T10:00:00Z", sequence: 1))
            try await store.index(disposal: Fixtures.disposal("ST-000002", asset: "I-1", route: .recycling, kg: 1, source: .measured, ewc: "16 02 14", on: "2026-06-02"))
            try require(try await store.indexedDocumentIDs() == ["ST-000001", "ST-000002"], "both kinds of document are listed")
        },
        RecordStoreContract("a superseded disposal is kept with its link but no longer counts") { store in
            try await store.importAssets([Fixtures.asset("S-1", customer: "Acme")]) { _ in }
            try await store.index(certificate: Fixtures.certificate("S-C1", asset: "S-1", serial: "S1", result: .passed, ended: "2026-06-01T10:00:00Z", sequence: 1))
            let first = Fixtures.disposal("S-D1", asset: "S-1", route: .landfill, kg: 2, source: .measured, ewc: "16 02 14", on: "2026-06-02")
            var second = Fixtures.disposal("S-D2", asset: "S-1", route: .recycling, kg: 2, source: .measured, ewc: "16 02 14", on: "2026-06-01")
            second.supersedes = "S-D1"  // dated earlier than the record it corrects: the link decides, not the date
            try await store.index(disposal: first)
            try await store.index(disposal: second)
            try require(try await store.disposals(assetID: "S-1").sorted { $0.recordID < $1.recordID } == [first, second],
                        "both records are kept, with the supersedes link")
            try require(try await store.disposals(from: "2026-06-01", to: "2026-06-30").count == 2, "the period's documents include the superseded one")
            var streamed: [String] = []
            try await store.forEachDisposal(from: "2026-06-01", to: "2026-06-30") { d, _ in streamed.append(d.recordID) }
            try require(streamed == ["S-D2"], "the disposal stream (reports) skips superseded records: \(streamed)")
            var latest: [String?] = []
            try await store.forEachErasureEntry(endedFrom: "2026-06-01", to: "2026-06-30") { _, _, d in latest.append(d?.recordID) }
            try require(latest == ["S-D2"], "the erasure stream's latest disposal is the current one: \(latest)")
            let overview = try await store.overviews(AssetFilter()).first
            try require(overview?.status == .recycled && overview?.disposals == 1, "the listing follows the current record")
        },
        RecordStoreContract("replaceIndex rebuilds the index and keeps the register") { store in
            try await store.importAssets([Fixtures.asset("P-1")]) { _ in }
            try await store.index(certificate: Fixtures.certificate("OLD-1", asset: "P-1", serial: "S1", result: .passed, ended: "2026-05-01T10:00:00Z", sequence: 1))
            let fresh = Fixtures.certificate("NEW-1", asset: "P-2", serial: "S9", result: .passed, ended: "2026-05-02T10:00:00Z", sequence: 1)
            var created = Fixtures.asset("P-2")
            created.inRegister = false
            try await store.replaceIndex(certificates: [fresh], disposals: [], assets: [created, Fixtures.asset("P-1", category: "Changed")])
            try require(try await store.certificates(assetID: "P-1").isEmpty, "old index entries are gone")
            try require(try await store.certificates(assetID: "P-2") == [fresh], "new entries are indexed")
            try require(try await store.asset("P-1")?.category == "Laptop", "register assets are kept, not overwritten")
            try require(try await store.asset("P-2")?.inRegister == false, "missing assets are created from the documents")
        },
        RecordStoreContract("customers: saved all or nothing, updated, ensured, listed by ID") { store in
            let acme = CustomerRecord(customerID: "ACME-DE", legalName: "Acme Deutschland GmbH", country: "DE", contact: "privacy@acme.example",
                                      dpaReference: "DPA-2026-07", createdAt: "2026-01-02T09:00:00Z")
            let lodz = CustomerRecord(customerID: "LODZ", legalName: "Łódź Sp. z o.o.", createdAt: "2026-01-02T09:00:00Z")
            try await store.saveCustomers([acme, lodz], updating: [])
            try require(try await store.customer("ACME-DE") == acme, "customer round-trip (every field)")
            try require(try await store.customer("LODZ") == lodz, "customer round-trip (Unicode, nulls)")
            try require(try await store.customers().map(\.customerID) == ["ACME-DE", "LODZ"], "customers listed by ID")
            let other = CustomerRecord(customerID: "OTHER", legalName: "Other Ltd", createdAt: "2026-01-03T09:00:00Z")
            do {
                try await store.saveCustomers([other, acme], updating: [])
                try require(false, "an ID already registered was saved again")
            } catch let e as CustomerRegisterError {
                try require(e == .alreadyRegistered("ACME-DE"), "the error names the ID: \(e)")
            }
            try require(try await store.customer("OTHER") == nil, "a refused batch writes nothing")
            var renamed = acme
            renamed.legalName = "Acme Europe GmbH"
            renamed.contact = nil
            renamed.createdAt = "2030-01-01T00:00:00Z"
            do {
                try await store.saveCustomers([other], updating: [renamed, CustomerRecord(customerID: "NOPE", legalName: "x", createdAt: "")])
                try require(false, "an update of an unknown ID was saved")
            } catch let e as CustomerRegisterError {
                try require(e == .notRegistered("NOPE"), "the error names the unknown ID: \(e)")
            }
            let otherAfter = try await store.customer("OTHER"), acmeAfter = try await store.customer("ACME-DE")
            try require(otherAfter == nil && acmeAfter == acme, "a refused update writes nothing")
            try await store.saveCustomers([], updating: [renamed])
            var expected = renamed
            expected.createdAt = acme.createdAt
            try require(try await store.customer("ACME-DE") == expected, "an update replaces the details and keeps the creation time")
            try require(try await store.ensureCustomer(other), "ensureCustomer creates an unknown customer")
            var changed = other
            changed.legalName = "Changed"
            try require(!(try await store.ensureCustomer(changed)), "ensureCustomer of a known customer reports it existed")
            try require(try await store.customer("OTHER") == other, "ensureCustomer never overwrites")
        },
        RecordStoreContract("an update confirms a customer migrated from free text") { store in
            let migrated = CustomerRecord(customerID: "Acme Corp", legalName: "Acme Corp", createdAt: "2026-01-02T09:00:00Z", migratedFromFreeText: true)
            _ = try await store.ensureCustomer(migrated)
            try require(try await store.customer("Acme Corp")?.migratedFromFreeText == true, "the migrated flag round-trips")
            var confirmed = migrated
            confirmed.legalName = "Acme Corporation Ltd"
            try await store.saveCustomers([], updating: [confirmed])
            let after = try await store.customer("Acme Corp")
            try require(after?.legalName == "Acme Corporation Ltd" && after?.migratedFromFreeText == false, "confirmed: \(String(describing: after))")
        },
    ]
}
