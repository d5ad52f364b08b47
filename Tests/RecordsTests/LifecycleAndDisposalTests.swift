import Evidence
import Foundation
import RecordStoreContract
import Records
import StorageModel
import Testing
import TestSupport

@Suite("Lifecycle and disposal records")
struct LifecycleAndDisposalTests {
    @Test func statusFollowsTheEvents() async {
        let pass = Fixtures.certificate("C1", asset: "A", serial: "S1", result: .passed, ended: "2026-01-02T10:00:00Z", sequence: 1)
        let fail = Fixtures.certificate("C2", asset: "A", serial: "S2", result: .failed, ended: "2026-01-02T11:00:00Z", sequence: 2)
        let retry = Fixtures.certificate("C3", asset: "A", serial: "S2", result: .passed, ended: "2026-01-03T10:00:00Z", sequence: 3)
        #expect(AssetLifecycle.status(certificates: [], disposals: [], markedAwaitingDestruction: false) == .recovered)
        #expect(AssetLifecycle.status(certificates: [pass], disposals: [], markedAwaitingDestruction: false) == .sanitized)
        #expect(AssetLifecycle.status(certificates: [pass, fail], disposals: [], markedAwaitingDestruction: false) == .sanitizationFailed)
        #expect(AssetLifecycle.status(certificates: [pass, fail, retry], disposals: [], markedAwaitingDestruction: false) == .sanitized,
                "a later passed attempt on the same device supersedes the failure")
        #expect(AssetLifecycle.status(certificates: [pass, fail], disposals: [], markedAwaitingDestruction: true) == .awaitingDestruction)
        for (route, status) in [(DisposalRoute.reuse, LifecycleStatus.redeployed), (.resale, .resold), (.donation, .donated),
                                (.recycling, .recycled), (.incineration, .destroyed), (.landfill, .destroyed)] {
            let d = Fixtures.disposal("D", asset: "A", route: route, kg: 1, source: .measured, ewc: "16 02 14", on: "2026-01-04")
            #expect(AssetLifecycle.status(certificates: [pass], disposals: [d], markedAwaitingDestruction: false) == status)
        }
    }

    @Test func storeListingDerivesTheSameStatusesInSQL() async throws {
        let t = try TemporaryStore()
        try await t.store.importAssets(["NEW", "OK", "RETRY", "BAD", "MARKED", "SOLD"].map { Fixtures.asset($0) }) { _ in }
        let certs = [
            Fixtures.certificate("C1", asset: "OK", serial: "S1", result: .passed, ended: "2026-01-02T10:00:00Z", sequence: 1),
            Fixtures.certificate("C2", asset: "RETRY", serial: "S2", result: .failed, ended: "2026-01-02T11:00:00Z", sequence: 2),
            Fixtures.certificate("C3", asset: "RETRY", serial: "S2", result: .passed, ended: "2026-01-03T11:00:00Z", sequence: 3),
            Fixtures.certificate("C4", asset: "BAD", serial: "S3", result: .passed, ended: "2026-01-02T12:00:00Z", sequence: 4),
            Fixtures.certificate("C5", asset: "BAD", serial: "S4", result: .aborted, ended: "2026-01-02T13:00:00Z", sequence: 5),
            Fixtures.certificate("C6", asset: "MARKED", serial: "S5", result: .failed, ended: "2026-01-02T14:00:00Z", sequence: 6),
            Fixtures.certificate("C7", asset: "SOLD", serial: "S6", result: .passed, ended: "2026-01-02T15:00:00Z", sequence: 7),
        ]
        for c in certs { try await t.store.index(certificate: c) }
        try await t.store.index(disposal: Fixtures.disposal("D1", asset: "SOLD", route: .resale, kg: 1, source: .measured, ewc: nil, on: "2026-01-05"))
        try await t.store.markAwaitingDestruction("MARKED", at: "2026-01-06T00:00:00Z")
        let listed = Dictionary(uniqueKeysWithValues: try await t.store.overviews(AssetFilter()).map { ($0.asset.assetID, $0) })
        #expect(listed.mapValues(\.status) == ["NEW": .recovered, "OK": .sanitized, "RETRY": .sanitized, "BAD": .sanitizationFailed,
                                               "MARKED": .awaitingDestruction, "SOLD": .resold])
        #expect(listed["RETRY"]?.devices == 1 && listed["RETRY"]?.certificates == 2)
        #expect(listed["BAD"]?.devices == 2 && listed["SOLD"]?.disposals == 1)
        for (id, overview) in listed {
            let swift = await AssetLifecycle.status(certificates: try await t.store.certificates(assetID: id), disposals: try t.store.disposals(assetID: id),
                                              markedAwaitingDestruction: try t.store.isMarkedAwaitingDestruction(id))
            #expect(overview.status == swift, "\(id)")
        }
        #expect(try await t.store.overviews(AssetFilter(status: .sanitizationFailed)).map(\.asset.assetID) == ["BAD"])
    }

    func desk(_ t: TemporaryStore, _ station: TestStation) async -> DisposalDesk {
        DisposalDesk(store: t.store, ledger: station.ledger, signer: station.signer, tool: TestStation.tool, trust: station.trust)
    }

    func indexCertificate(_ t: TemporaryStore, _ station: TestStation, asset: String, result: WipeResult) async throws {
        let entry = try station.certify(TestStation.outcome(result), asset: asset)
        let c = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
        try await t.store.index(certificate: CertificateIndexEntry(c, sha256: entry.sha256, path: entry.documentPath))
    }

    @Test func releaseIsRefusedWithoutPassedCertificates() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-1", weight: 1.4)]) { _ in }
        let request = DisposalRequest(assetID: "LAP-1", route: .resale, recipient: "Refurb GmbH")
        await #expect { try await desk(t, station).record(request) } throws: { ($0 as? ExpungeError)?.message.contains("no storage device") == true }
        try await indexCertificate(t, station, asset: "LAP-1", result: .failed)
        await #expect { try await desk(t, station).record(request) } throws: { ($0 as? ExpungeError)?.message.contains("failed") == true }
        #expect(try await t.store.disposals(assetID: "LAP-1").isEmpty, "nothing recorded, nothing signed")
        // Destruction routes do not release data: allowed.
        var destroy = request
        destroy.route = .incineration
        let (record, _) = try await desk(t, station).record(destroy)
        #expect(record.hazardous == false && record.ewcCode == "16 02 14" && record.ewcCodeSource == "default")
    }

    /// An NVMe namespace's certificate, through signing and indexing: each namespace is its own
    /// device, and one namespace passed on a two-namespace controller neither makes the asset
    /// sanitized nor releases it; the other namespace's passed certificate completes it.
    @Test func aNamespaceCertificateAloneNeitherSanitizesNorReleasesTheAsset() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("SRV-1", weight: 9)]) { _ in }
        func namespace(_ nsid: UInt32, other: UInt32) throws -> CertificateIndexEntry {
            var o = TestStation.outcome(.passed)
            o.identityAtStart.transport = .nvme
            o.identityAtStart.mediaType = .nvme
            o.identityAtStart.serial = "CTRL-1"
            o.identityAtStart.nvmeNamespaceID = nsid
            o.identityAtEnd = o.identityAtStart
            o.scope = ScopeRecord(kind: .namespace, wholeDevice: false, controllerSerial: "CTRL-1",
                                  namespace: .init(namespaceID: nsid, sizeBytes: .mebibytes(64)),
                                  otherNamespaces: [.init(namespaceID: other, sizeBytes: .mebibytes(64))], unallocatedBytes: .zero, basis: "test")
            let entry = try station.certify(o, asset: "SRV-1")
            let c = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
            #expect(c.scope?.otherNamespaces.map(\.namespaceID) == [other])
            let indexed = CertificateIndexEntry(c, sha256: entry.sha256, path: entry.documentPath)
            #expect(indexed.deviceKey == "serial:Test Disk/CTRL-1/nsid:\(nsid)" && !indexed.scopeWholeDevice && indexed.otherNamespaceIDs == [other])
            return indexed
        }
        try await t.store.index(certificate: try namespace(1, other: 2))
        #expect(try await t.store.overviews(AssetFilter()).first?.status == .sanitizationIncomplete)
        let request = DisposalRequest(assetID: "SRV-1", route: .resale, recipient: "Refurb GmbH")
        await #expect { try await desk(t, station).record(request) } throws: {
            ($0 as? ExpungeError)?.message.contains("covers one namespace only") == true
        }
        try await t.store.index(certificate: try namespace(2, other: 1))
        let overview = try #require(try await t.store.overviews(AssetFilter()).first)
        #expect(overview.status == .sanitized && overview.devices == 2)
        let (record, _) = try await desk(t, station).record(request)
        #expect(record.wipeCertificates.count == 2)
    }

    @Test func passedCertificatesAllowReleaseAndTheRecordVerifies() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-2", weight: 1.4)]) { _ in }
        try await indexCertificate(t, station, asset: "LAP-2", result: .passed)
        let (record, entry) = try await desk(t, station).record(DisposalRequest(
            assetID: "LAP-2", route: .resale, recipient: "Refurb GmbH", recipientCertification: .r2v3, certificationID: "R2-9"))
        #expect(record.wasteStatus == .notWaste)
        #expect(record.weightKg == 1.4 && record.weightSource == .register)
        #expect(record.wipeCertificates.count == 1 && record.wipeCertificates[0].result == .passed)
        #expect(record.weeeCategory == 2)
        let report = DocumentVerifier(trust: station.trust, registry: .records).verify(paths: [station.home.ledger])
        #expect(report.isValid, "\(report.documents.map(\.problems))")
        #expect(try OpenSSLCLI.verifyProblem(document: entry.documentPath, signature: entry.signaturePath, trust: station.store.trustPath) == nil)
        let problems = try SchemaValidator.errors(files: [entry.documentPath], schema: SchemaValidator.schema("Certificates/schema/disposal-record.schema.json"))
        #expect(problems == nil, "\(problems ?? "")")
        let overview = try await #require(try t.store.overviews(AssetFilter(status: .resold)).first)
        #expect(overview.asset.assetID == "LAP-2")
    }

    @Test func overrideAndDestroyedMediaAreSignedIntoTheRecord() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-3"), Fixtures.asset("MON-1", category: "Monitor")]) { _ in }
        let (overridden, _) = try await desk(t, station).record(DisposalRequest(
            assetID: "LAP-3", route: .recycling, recipient: "Recycler BV", overrideReason: "drive removed and shredded on site"))
        #expect(overridden.overrideReason == "drive removed and shredded on site")
        #expect(overridden.weightSource == .categoryDefault && overridden.weightKg == 1.65)
        let (destroyed, _) = try await desk(t, station).record(DisposalRequest(
            assetID: "MON-1", route: .recycling, recipient: "Recycler BV", ewcCode: "160213*", mediaDestroyedReference: "CoD-77"))
        #expect(destroyed.ewcCode == "16 02 13*" && destroyed.hazardous)
        #expect(destroyed.weightKg == 5.73)
    }

    @Test func badInputIsRefusedWithTheRemedy() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-4"), Fixtures.asset("ODD-1", category: "Gadget")]) { _ in }
        let d = await desk(t, station)
        let now = Date()
        let tomorrow = String(Timestamp.rfc3339(now.addingTimeInterval(86_400)).prefix(10))
        let cases: [(DisposalRequest, String)] = [
            (DisposalRequest(assetID: "NOPE", route: .landfill, recipient: "X"), "no asset NOPE"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", date: tomorrow), "in the future"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", date: "2026-13-45"), "not a date"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", weightKg: -2), "not plausible"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", weightKg: 50_000), "not plausible"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", ewcCode: "99 99 99"), "unknown EWC code"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", ewcCode: "16 02 13"), "keep their asterisk"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "X", weeeCategory: 9), "WEEE category 9"),
            (DisposalRequest(assetID: "ODD-1", route: .landfill, recipient: "X"), "no weight"),
            (DisposalRequest(assetID: "LAP-4", route: .landfill, recipient: "  "), "recipient is empty"),
        ]
        for (request, expected) in cases {
            await #expect(throws: ExpungeError.self, "\(expected)") { try await d.record(request, now: now) }
            do { _ = try await d.record(request, now: now) } catch let e as ExpungeError {
                #expect(e.message.contains(expected) || (e.remedy ?? "").contains(expected), "\(e.message)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: station.home.ledger), "no record was signed for any of them")
    }
}
