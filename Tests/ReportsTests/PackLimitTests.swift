import RecordStoreContract
import Evidence
import Foundation
import Records
import Reports
import StorageModel
import Testing
import TestSupport

@Suite("Evidence pack limits and output")
struct PackLimitTests {
    /// A small real pack: one certificate, its reports, the manifest.
    func pack(_ t: TemporaryStore, _ station: TestStation) async throws -> URL {
        try await t.store.importAssets([Fixtures.asset("LAP-9", weight: 1.5)]) { _ in }
        let entry = try station.certify(TestStation.outcome(.passed), asset: "LAP-9")
        let c = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
        try await t.store.index(certificate: CertificateIndexEntry(c, sha256: entry.sha256, path: entry.documentPath))
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        let url = URL(fileURLWithPath: t.directory + "/pack.zip")
        let anchor = [UInt8](try #require(FileManager.default.contents(atPath: station.store.trustPath)))
        _ = try await EvidencePack.build(store: t.store, signer: station.signer, trustAnchorPEM: anchor, period: try ReportPeriod(from: "2026-01-01", to: today),
                                   customer: nil, generatedAt: Timestamp.rfc3339(Date()), output: url,
                                   ledgerHeads: [try station.ledger.head(station: "TEST-ST")])
        return url
    }

    func refusal(_ pack: URL, _ station: TestStation, _ limits: PackLimits = .standard) -> String? {
        do {
            _ = try EvidencePack.verify(pack: pack, trust: station.trust, limits: limits)
            return nil
        } catch let e as ExpungeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    /// Entry sizes of the ZIP's central directory: (offset of the uncompressed-size field, size).
    func centralSizes(_ bytes: [UInt8]) -> [(Int, UInt32)] {
        var out: [(Int, UInt32)] = []
        var i = 0
        while i + 46 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 1, bytes[i + 3] == 2 {
                let o = i + 24
                out.append((o, UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24))
            }
            i += 1
        }
        return out
    }

    func patch(_ bytes: inout [UInt8], at o: Int, _ v: UInt32) {
        for k in 0..<4 { bytes[o + k] = UInt8((v >> (8 * k)) & 0xFF) }
    }

    @Test func aPackWithinTheLimitsVerifiesAndCarriesTheLedgerHead() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        let url = try await pack(t, station)
        let verdict = try EvidencePack.verify(pack: url, trust: station.trust)
        #expect(verdict.isValid, "\(verdict.manifestProblems)")
    }

    @Test func entriesTotalAndCountJustOverTheCapAbort() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        let url = try await pack(t, station)
        let bytes = [UInt8](try Data(contentsOf: url))
        let sizes = centralSizes(bytes).map(\.1)
        let total = sizes.reduce(UInt64(0)) { $0 + UInt64($1) }
        let largest = UInt64(sizes.max() ?? 0)
        let generous = PackLimits(maxEntries: 1000, maxEntryBytes: 1 << 30, maxTotalBytes: 1 << 30)
        #expect(refusal(url, station, generous) == nil)
        var l = generous
        l.maxTotalBytes = total - 1
        #expect(refusal(url, station, l)?.contains("in total (the maximum)") == true)
        l = generous
        l.maxEntryBytes = largest - 1
        #expect(refusal(url, station, l)?.contains("per-entry maximum") == true)
        l = generous
        l.maxEntries = sizes.count - 1
        #expect(refusal(url, station, l)?.contains("more than \(sizes.count - 1) entries") == true)
        l.maxEntries = sizes.count
        #expect(refusal(url, station, l) == nil, "at the limit it verifies")
    }

    @Test func anEntryInflatingBeyondItsDeclaredSizeAborts() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        let url = try await pack(t, station)
        var bytes = [UInt8](try Data(contentsOf: url))
        let (offset, size) = try #require(centralSizes(bytes).first { $0.1 > 100 })
        patch(&bytes, at: offset, 10)
        try Data(bytes).write(to: url)
        #expect(refusal(url, station)?.contains("inflates to more than the 10 bytes it declares") == true, "declared \(size)")
    }

    @Test func anEntryDeclaringJustOverThePerEntryMaximumIsRefusedBeforeExtraction() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        let url = try await pack(t, station)
        var bytes = [UInt8](try Data(contentsOf: url))
        let (offset, _) = try #require(centralSizes(bytes).first { $0.1 > 100 })
        patch(&bytes, at: offset, UInt32(PackLimits.standard.maxEntryBytes + 1))
        try Data(bytes).write(to: url)
        #expect(refusal(url, station)?.contains("declares \(PackLimits.standard.maxEntryBytes + 1) bytes, over the 256 MiB per-entry maximum") == true)
    }

    @Test func aPackCannotBeWrittenToAFullDeviceAndLeavesNothingBehind() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        _ = try await pack(t, station)
        let anchor = [UInt8](try #require(FileManager.default.contents(atPath: station.store.trustPath)))
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        await #expect(throws: ExpungeError.self) {
            try await EvidencePack.build(store: t.store, signer: station.signer, trustAnchorPEM: anchor, period: try ReportPeriod(from: "2026-01-01", to: today),
                                   customer: nil, generatedAt: Timestamp.rfc3339(Date()), output: URL(fileURLWithPath: "/dev/full"))
        }
        let missingDir = t.directory + "/no-such-dir/pack.zip"
        do {
            _ = try await EvidencePack.build(store: t.store, signer: station.signer, trustAnchorPEM: anchor, period: try ReportPeriod(from: "2026-01-01", to: today),
                                       customer: nil, generatedAt: Timestamp.rfc3339(Date()), output: URL(fileURLWithPath: missingDir))
            Issue.record("wrote into a missing directory")
        } catch let e as ExpungeError {
            #expect(!e.message.contains("NSCocoaErrorDomain") && !e.message.contains("Domain="))
            #expect(e.message.contains("No such file or directory"))
        }
    }
}
