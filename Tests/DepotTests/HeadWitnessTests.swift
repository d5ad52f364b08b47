import DepotAPI
import Depot
import Evidence
import Fakes
import Foundation
import Records
import StorageModel
import Testing
import TestSupport

@Suite("head witness: tails deleted and ledgers rewritten are findings")
struct HeadWitnessTests {
    /// A fixture with `count` documents pushed and the head witnessed.
    static func pushed(_ count: Int) async throws -> (DepotFixture, [Signed]) {
        let f = try await DepotFixture()
        var docs: [Signed] = []
        for _ in 0..<count {
            let d = try f.certify()
            _ = try await f.ingest.receive(document: d.document, signature: d.signature)
            docs.append(d)
        }
        return (f, docs)
    }

    @Test func aConsistentHeadIsWitnessedWithoutFindings() async throws {
        let (f, docs) = try await Self.pushed(3)
        let s = try f.statement(sequence: 3, sha256: docs[2].sha256)
        let receipt = try await f.witness.witness(station: f.name, statement: s.bytes, signature: s.signature)
        #expect(receipt.findings.isEmpty)
        #expect(receipt.witnessedSequence == 3 && receipt.witnessedSHA256 == docs[2].sha256)
        #expect(try await f.archive.latestHead(station: f.name)?.sequence == 3)
    }

    @Test func aLowerHeadThanWitnessedIsATailDeletedFinding() async throws {
        let (f, docs) = try await Self.pushed(3)
        let s3 = try f.statement(sequence: 3, sha256: docs[2].sha256)
        _ = try await f.witness.witness(station: f.name, statement: s3.bytes, signature: s3.signature)
        let s2 = try f.statement(sequence: 2, sha256: docs[1].sha256)
        let receipt = try await f.witness.witness(station: f.name, statement: s2.bytes, signature: s2.signature)
        #expect(receipt.findings.map(\.kind) == ["tail-deleted"])
        #expect(receipt.witnessedSequence == 3, "the witnessed head is not lowered")
        #expect(try await f.archive.findings(station: f.name).map(\.kind) == [.tailDeleted])
    }

    @Test func aHeadBelowADocumentTheDepotHoldsIsATailDeletedFinding() async throws {
        let (f, docs) = try await Self.pushed(3)  // documents held, no head witnessed yet
        let s2 = try f.statement(sequence: 2, sha256: docs[1].sha256)
        let receipt = try await f.witness.witness(station: f.name, statement: s2.bytes, signature: s2.signature)
        #expect(receipt.findings.map(\.kind) == ["tail-deleted"])
        #expect(receipt.findings.first?.detail.contains("holds its document 3") == true)
    }

    @Test func aDifferentHashAtAWitnessedSequenceIsALedgerRewrittenFinding() async throws {
        let (f, docs) = try await Self.pushed(2)
        let s = try f.statement(sequence: 2, sha256: docs[1].sha256)
        _ = try await f.witness.witness(station: f.name, statement: s.bytes, signature: s.signature)
        let rewritten = try f.statement(sequence: 2, sha256: String(repeating: "ab", count: 32))
        let receipt = try await f.witness.witness(station: f.name, statement: rewritten.bytes, signature: rewritten.signature)
        #expect(receipt.findings.map(\.kind) == ["ledger-rewritten"])
        #expect(try await f.archive.head(station: f.name, sequence: 2)?.sha256 == docs[1].sha256, "the first witness stands")
    }

    @Test func aDifferentHashThanAHeldDocumentIsALedgerRewrittenFinding() async throws {
        let (f, _) = try await Self.pushed(2)
        let s = try f.statement(sequence: 2, sha256: String(repeating: "cd", count: 32))
        let receipt = try await f.witness.witness(station: f.name, statement: s.bytes, signature: s.signature)
        #expect(receipt.findings.map(\.kind) == ["ledger-rewritten"])
    }

    @Test func staleForeignOrMismatchedStatementsAreRefused() async throws {
        let (f, docs) = try await Self.pushed(1)
        let stale = try f.statement(sequence: 1, sha256: docs[0].sha256, signedAt: Date().addingTimeInterval(-3600))
        #expect(await rejection { try await f.witness.witness(station: f.name, statement: stale.bytes, signature: stale.signature) }?.code == "stale-statement")
        let impostor = try TestStation(name: f.name)
        let foreign = try f.statement(sequence: 1, sha256: docs[0].sha256, signer: impostor.signer)
        #expect(await rejection { try await f.witness.witness(station: f.name, statement: foreign.bytes, signature: foreign.signature) }?.code
            == "signer-not-enrolled")
        let good = try f.statement(sequence: 1, sha256: docs[0].sha256)
        #expect(await rejection { try await f.witness.witness(station: "OTHER", statement: good.bytes, signature: good.signature) }?.code == "station-mismatch")
        #expect(await rejection { try await f.witness.witness(station: f.name, statement: Array("{}".utf8), signature: good.signature) }?.code
            == "invalid-statement")
        #expect(try await f.archive.findings(station: nil).isEmpty)
        #expect(try await f.archive.latestHead(station: f.name) == nil)
    }
}

@Suite("enrollment: one-time tokens, pinned certificates")
struct EnrollmentTests {
    @Test func aTokenIsSingleUseAndStoredOnlyAsItsHash() async throws {
        let archive = MemoryDepotArchive()
        let station = try TestStation(name: "ENR-1")
        let desk = EnrollmentDesk(archive: archive)
        let token = try await desk.create(station: "ENR-1")
        #expect(token.station == "ENR-1")
        #expect(token.text.count == "ENR-1.".count + 43)
        let pem = String(decoding: station.signer.certificate.pem, as: UTF8.self)
        let enrolled = try await desk.redeem(token: token.text, certificatePEM: pem)
        #expect(enrolled.station == "ENR-1" && enrolled.certificateSHA256 == station.signer.certificate.fingerprintSHA256)
        let active = try #require(try await archive.station(named: "ENR-1"))
        #expect(active.state == .active && active.certificateSHA256 == station.signer.certificate.fingerprintSHA256)
        let again = await rejection { try await desk.redeem(token: token.text, certificatePEM: pem) }
        #expect(again?.kind == .unauthenticated && again?.code == "invalid-token")
    }

    @Test func aCertificateForAnotherStationDoesNotSpendTheToken() async throws {
        let archive = MemoryDepotArchive()
        let desk = EnrollmentDesk(archive: archive)
        let token = try await desk.create(station: "ENR-2")
        let other = try TestStation(name: "ENR-3")
        let refused = await rejection { try await desk.redeem(token: token.text, certificatePEM: String(decoding: other.signer.certificate.pem, as: UTF8.self)) }
        #expect(refused?.code == "certificate-mismatch")
        let right = try TestStation(name: "ENR-2")
        #expect(try await desk.redeem(token: token.text, certificatePEM: String(decoding: right.signer.certificate.pem, as: UTF8.self)).station == "ENR-2")
    }

    @Test func malformedTokensAndCertificatesAreRefused() async throws {
        let desk = EnrollmentDesk(archive: MemoryDepotArchive())
        #expect(await rejection { try await desk.redeem(token: "nonsense", certificatePEM: "") }?.code == "invalid-token")
        let token = try await desk.create(station: "ENR-4")
        #expect(await rejection { try await desk.redeem(token: token.text, certificatePEM: "not a certificate") }?.code == "invalid-certificate")
        await #expect(throws: ExpungeError.self) { try await desk.create(station: "../etc") }
    }

    @Test func tokensDiffer() {
        #expect(EnrollmentToken.generate(station: "A").text != EnrollmentToken.generate(station: "A").text)
    }
}

@Suite("password hashes: scrypt, salted, self-describing")
struct PasswordHasherTests {
    @Test func aHashVerifiesItsPasswordOnly() throws {
        let hasher = PasswordHasher(logN: 10)  // cheap for the test; the default is 2^17
        let hash = try hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(PasswordHasher.verify("correct horse battery", against: hash))
        #expect(!PasswordHasher.verify("correct horse batterY", against: hash))
        #expect(try hasher.hash("correct horse battery") != hash, "a new salt each time")
    }

    @Test func malformedHashesNeverVerify() {
        for stored in ["", "$scrypt$", "$pbkdf2$ln=10,r=8,p=1$AAAA$BBBB", "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + String(repeating: "A", count: 43)] {
            #expect(!PasswordHasher.verify("x", against: stored))
        }
    }

    @Test func theDefaultCostIsTheOWASPMinimum() {
        let h = PasswordHasher()
        #expect(h.logN == 17 && h.r == 8 && h.p == 1)
    }
}

@Suite("ledger import")
struct LedgerImportTests {
    @Test func aLedgerIsImportedInOrderAndAgainWithoutDuplicates() async throws {
        let f = try await DepotFixture()
        for _ in 0..<3 { _ = try f.certify() }
        let summary = try await LedgerImport(ingest: f.ingest).run(directory: f.station.home.ledger)
        #expect(summary.stored == 3 && summary.alreadyStored == 0 && summary.rejected.isEmpty && summary.missing.isEmpty)
        let again = try await LedgerImport(ingest: f.ingest).run(directory: f.station.home.ledger)
        #expect(again.stored == 0 && again.alreadyStored == 3)
        #expect(f.archive.documentCount == 3)
    }

    @Test func aMissingSignatureAndAGapAreReported() async throws {
        let f = try await DepotFixture()
        for _ in 0..<3 { _ = try f.certify() }
        let second = f.station.home.ledger + "/" + LedgerPosition.documentID(station: f.name, sequence: 2)
        try FileManager.default.removeItem(atPath: second + ".p7s")
        let summary = try await LedgerImport(ingest: f.ingest).run(directory: f.station.home.ledger)
        #expect(summary.stored == 2)
        #expect(summary.rejected.count == 1 && summary.rejected[0].contains("signature"))
        #expect(summary.missing[f.name] == [SequenceRange(from: 2, to: 2)])
    }
}
