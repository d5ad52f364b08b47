import Evidence
import Foundation
import RecordStoreContract
import Records
import Reports
import StorageModel
import Testing
import TestSupport

/// Truth items 13–14 and Reliability item 7: one current disposal per asset, audit findings
/// across documents, unzipped evidence packs, and release decisions from signed certificates.
@Suite("Disposal audit: supersession, findings, signed evidence for release, unzipped packs")
struct DisposalAuditTests {
    func desk(_ t: TemporaryStore, _ station: TestStation) -> DisposalDesk {
        DisposalDesk(store: t.store, ledger: station.ledger, signer: station.signer, tool: TestStation.tool, trust: station.trust)
    }

    @discardableResult
    func certify(_ t: TemporaryStore, _ station: TestStation, asset: String, result: WipeResult,
                 edit: (inout WipeCertificate) -> Void = { _ in }) async throws -> LedgerEntry {
        let entry = try station.certify(TestStation.outcome(result), asset: asset, edit: edit)
        let c = try JSONDecoder().decode(WipeCertificate.self, from: try #require(FileManager.default.contents(atPath: entry.documentPath)))
        try await t.store.index(certificate: CertificateIndexEntry(c, sha256: entry.sha256, path: entry.documentPath))
        return entry
    }

    func verify(_ station: TestStation, _ paths: [String]? = nil) -> VerificationReport {
        DocumentVerifier(trust: station.trust, registry: .records).verify(paths: paths ?? [station.home.ledger])
    }

    // MARK: 13. one current disposal per asset

    @Test func aSecondDisposalIsRefusedUnlessItSupersedesTheFirst() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-1", weight: 1.4)]) { _ in }
        let (first, _) = try await desk(t, station).record(DisposalRequest(assetID: "LAP-1", route: .landfill, recipient: "Tip Ltd"))
        let again = DisposalRequest(assetID: "LAP-1", route: .otherRecovery, recipient: "Recycler BV")
        await #expect { try await desk(t, station).record(again) } throws: {
            ($0 as? ExpungeError)?.message.contains("already has disposal record \(first.recordID)") == true
                && ($0 as? ExpungeError)?.remedy?.contains("--supersedes \(first.recordID)") == true
        }
        var wrong = again
        wrong.supersedes = "TEST-ST-000099"
        wrong.supersessionReason = "recorded the wrong recipient"
        await #expect(throws: ExpungeError.self) { try await desk(t, station).record(wrong) }
        var noReason = again
        noReason.supersedes = first.recordID
        await #expect(throws: ExpungeError.self) { try await desk(t, station).record(noReason) }
        var controlCharacters = noReason
        controlCharacters.supersessionReason = "wrong recipient\u{1B}[2J"
        await #expect(throws: ExpungeError.self) { try await desk(t, station).record(controlCharacters) }

        var correction = again
        correction.supersedes = first.recordID
        correction.supersessionReason = "landfill was a data-entry error; it went to the recycler"
        let (second, entry) = try await desk(t, station).record(correction)
        #expect(second.supersedes == first.recordID && second.supersessionReason == correction.supersessionReason)
        let problems = try SchemaValidator.errors(files: [entry.documentPath], schema: SchemaValidator.schema("Certificates/schema/disposal-record.schema.json"))
        #expect(problems == nil, "\(problems ?? "")")
        // A third needs to supersede the second, the current one — not the first again.
        correction.supersedes = first.recordID
        await #expect(throws: ExpungeError.self) { try await desk(t, station).record(correction) }

        // Reports and the lifecycle count the latest record only; the index keeps both with the link.
        let all = try await t.store.disposals(assetID: "LAP-1")
        #expect(all.count == 2 && all.contains { $0.supersedes == first.recordID })
        #expect(AssetLifecycle.current(all).map(\.recordID) == [second.recordID])
        #expect(try await t.store.overviews(AssetFilter()).first?.status == .recycled)
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        let csrd = try await CSRDResourceOutflows.build(store: t.store, period: try ReportPeriod(from: "2026-01-01", to: today), generatedAt: today + "T00:00:00Z")
        let grams = try #require(csrd.figures.first { $0.element == "esrs:WasteGenerated" }?.grams)
        #expect(grams == 1400, "1.4 kg once, not twice: \(grams) g")
        let report = verify(station)
        #expect(report.isValid && report.findings.isEmpty, "\(report.documents.map(\.problems)) \(report.findings)")
    }

    @Test func verifyReportsADoubleDisposalAsAFinding() async throws {
        let station = try TestStation()
        // Two stores (two depots' indexes, or a lost index) let the same asset be disposed of twice.
        for _ in 0..<2 {
            let t = try TemporaryStore()
            try await t.store.importAssets([Fixtures.asset("LAP-2", weight: 1.4)]) { _ in }
            _ = try await desk(t, station).record(DisposalRequest(assetID: "LAP-2", route: .landfill, recipient: "Tip Ltd"))
        }
        let report = verify(station)
        #expect(report.isValid, "each record is valid on its own")
        #expect(report.findings.map(\.code) == ["double-disposal"], "\(report.findings)")
        #expect(report.findings.first?.documents == ["TEST-ST-000001", "TEST-ST-000002"])
        #expect(report.passes(strict: false) && !report.passes(strict: true))
    }

    @Test func aReleaseForReuseOnAnOverrideIsAFinding() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-3", weight: 1.4), Fixtures.asset("LAP-4", weight: 1.4)]) { _ in }
        try await certify(t, station, asset: "LAP-3", result: .failed)
        _ = try await desk(t, station).record(DisposalRequest(assetID: "LAP-3", route: .donation, recipient: "School",
                                                              overrideReason: "drive removed and kept by the customer"))
        // Recycling on an override is a material route, not a release for reuse: no finding.
        _ = try await desk(t, station).record(DisposalRequest(assetID: "LAP-4", route: .recycling, recipient: "Recycler BV",
                                                              overrideReason: "drive shredded on site by the recycler"))
        let report = verify(station)
        #expect(report.isValid)
        #expect(report.findings.map(\.code) == ["release-without-passed-certificate"], "\(report.findings)")
        #expect(report.findings.first?.message.contains("donation") == true)
    }

    @Test func anAttemptAfterTheDisposalIsAFinding() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-5", weight: 1.4)]) { _ in }
        _ = try await desk(t, station).record(DisposalRequest(assetID: "LAP-5", route: .incineration, recipient: "Burner"))
        try await Task.sleep(for: .milliseconds(1100))  // timestamps have second precision
        try await certify(t, station, asset: "LAP-5", result: .passed)
        let report = verify(station)
        #expect(report.findings.map(\.code) == ["attempt-after-disposal"], "\(report.findings)")
    }

    // MARK: D. release decisions read the signed certificates

    @Test func editingTheIndexCannotAllowAResale() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-6", weight: 1.4)]) { _ in }
        let entry = try await certify(t, station, asset: "LAP-6", result: .unverified)
        let sqlite = try Shell.run("/usr/bin/sqlite3", [t.store.path,
            "UPDATE certificate SET result = 'passed', verification_mode = 'full', verification_coverage = 1 WHERE certificate_id = '\(entry.id)'"])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        #expect(try await t.store.certificates(assetID: "LAP-6").first?.result == .passed, "the index now lies")
        await #expect { try await desk(t, station).record(DisposalRequest(assetID: "LAP-6", route: .resale, recipient: "Refurb GmbH")) } throws: {
            ($0 as? ExpungeError)?.message.contains("unverified (\(entry.id))") == true
        }
        #expect(try await t.store.disposals(assetID: "LAP-6").isEmpty)
        // An altered signed file does not count as evidence either.
        let passed = try await certify(t, station, asset: "LAP-6", result: .passed)
        var bytes = try #require(FileManager.default.contents(atPath: passed.documentPath))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: passed.documentPath))
        await #expect { try await desk(t, station).record(DisposalRequest(assetID: "LAP-6", route: .resale, recipient: "Refurb GmbH")) } throws: {
            ($0 as? ExpungeError)?.message.contains("does not verify") == true
        }
    }

    @Test func verifyChecksTheCertificatesARecordNames() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-7", weight: 1.4)]) { _ in }
        let cert = try await certify(t, station, asset: "LAP-7", result: .unverified)
        let (honest, _) = try await desk(t, station).record(DisposalRequest(assetID: "LAP-7", route: .incineration, recipient: "Burner"))
        #expect(honest.wipeCertificates.map(\.result) == [.unverified])
        #expect(verify(station).isValid)
        // The same record, re-signed claiming the certificate passed, with another hash.
        _ = try station.ledger.append(station: "TEST-ST", make: { p in
            var r = honest
            r.recordID = p.documentID
            r.sequence = p.sequence
            r.previousSHA256 = p.previousSHA256
            r.issuedAt = p.issuedAt
            r.supersedes = honest.recordID
            r.supersessionReason = "re-signed with a false claim"
            r.wipeCertificates[0].result = .passed
            r.wipeCertificates[0].sha256 = String(repeating: "0", count: 64)
            return try r.encoded()
        }, sign: { try station.signer.sign($0) })
        let report = verify(station)
        let lying = try #require(report.documents.first { $0.documentID == "TEST-ST-000003" })
        #expect(lying.problems.contains { $0.contains("\(cert.id) is named as passed, but the certificate says unverified") }, "\(lying.problems)")
        #expect(lying.problems.contains { $0.contains("\(cert.id) is named with SHA-256 000000000000") }, "\(lying.problems)")
        #expect(!report.isValid)
    }

    // MARK: 14. an unzipped pack verifies as the ZIP does

    @Test func anUnzippedEvidencePackVerifiesExactlyAsTheZip() async throws {
        let t = try TemporaryStore(), station = try TestStation()
        try await t.store.importAssets([Fixtures.asset("LAP-8", weight: 1.5)]) { _ in }
        try await certify(t, station, asset: "LAP-8", result: .passed)
        try await certify(t, station, asset: "OTHER", result: .passed)
        _ = try await desk(t, station).record(DisposalRequest(assetID: "LAP-8", route: .resale, recipient: "Refurb GmbH"))
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        let pack = URL(fileURLWithPath: t.directory + "/pack.zip")
        let anchor = [UInt8](try #require(FileManager.default.contents(atPath: station.store.trustPath)))
        _ = try await EvidencePack.build(store: t.store, signer: station.signer, trustAnchorPEM: anchor, period: try ReportPeriod(from: "2026-01-01", to: today),
                                         customer: "Acme Corp", generatedAt: Timestamp.rfc3339(Date()), output: pack,
                                         ledgerHeads: [try station.ledger.head(station: "TEST-ST")])
        let folder = t.directory + "/unzipped"
        let unzip = try Shell.run("/usr/bin/unzip", ["-q", pack.path, "-d", folder])
        #expect(unzip.status == 0, "\(unzip.stderr)")

        let zipped = try EvidencePack.verify(pack: pack, trust: station.trust)
        #expect(EvidencePack.isPackFolder(folder))
        let unzipped = try EvidencePack.verify(folder: URL(fileURLWithPath: folder), trust: station.trust)
        #expect(zipped.isValid, "\(zipped.manifestProblems) \(zipped.documents.documents.map(\.problems))")
        #expect(unzipped.manifestProblems == zipped.manifestProblems)
        #expect(unzipped.documents.documents == zipped.documents.documents)
        #expect(unzipped.documents.chains == zipped.documents.chains)
        #expect(unzipped.documents.documents.allSatisfy { !$0.path.hasPrefix("reports/") }, "report files are not documents")
        // Verifying the folder as plain documents does not mistake the reports or the manifest for certificates either.
        let plain = DocumentVerifier(trust: station.trust, registry: .expunge).verify(paths: [folder])
        #expect(plain.documents.count == zipped.documents.documents.count && plain.inputProblems.isEmpty, "\(plain.documents.map(\.path))")
        // The pack's text says "selection", never "continuous".
        let text = EvidencePackText.lines(unzipped, name: folder, verbose: true).map(\.text).joined(separator: "\n")
        #expect(text.contains("selection of 2 documents out of 1..3") && !text.contains("continuous"), "\(text)")
        #expect(text.hasSuffix("valid."))
        // Altered in the folder: refused as in the ZIP.
        let csv = folder + "/reports/gdpr-erasure-register.csv"
        try Data("tampered\n".utf8).write(to: URL(fileURLWithPath: csv))
        let tampered = try EvidencePack.verify(folder: URL(fileURLWithPath: folder), trust: station.trust)
        #expect(!tampered.isValid && tampered.manifestProblems.contains { $0.contains("gdpr-erasure-register.csv: altered") })
        #expect(EvidencePackText.lines(tampered, name: folder, verbose: false).last?.text.contains("INVALID") == true)
    }
}
