import DepotAPI
import Depot
import Evidence
import Fakes
import Foundation
import Records
import StorageModel
import Testing
import TestSupport

@Suite("depot ingest: pinned signatures, rules, idempotence, forks and chain links")
struct DepotIngestTests {
    @Test func storesAVerifiedCertificateWithTheStationsIndexEntryAndAsset() async throws {
        let f = try await DepotFixture()
        let doc = try f.certify(asset: "LAP-9")
        let receipt = try await f.ingest.receive(document: doc.document, signature: doc.signature)
        #expect(receipt.status == .stored)
        #expect(receipt.documentID == doc.id && receipt.sequence == 1 && receipt.sha256 == doc.sha256)
        #expect(receipt.chain == .first && receipt.missing.isEmpty)
        let archived = try #require(try await f.archive.document(id: doc.id))
        #expect(archived.document == doc.document && archived.signature == doc.signature && archived.kind == .wipeCertificate)
        // The index entry is the one the station's indexer builds from the same bytes.
        guard case .certificate(let expected, let asset, _) = try #require(IndexableDocument.decode(doc.document, path: DepotIngest.archivePath(doc.id))) else {
            Issue.record("not decoded as a certificate")
            return
        }
        #expect(f.archive.indexEntry(doc.id) == .certificate(expected))
        #expect(f.archive.asset("LAP-9") == asset)
        #expect(asset.inRegister == false)
    }

    @Test func theSameBytesAgainAreAlreadyStoredAndNothingChanges() async throws {
        let f = try await DepotFixture()
        let doc = try f.certify()
        _ = try await f.ingest.receive(document: doc.document, signature: doc.signature)
        let again = try await f.ingest.receive(document: doc.document, signature: doc.signature)
        #expect(again.status == .alreadyStored)
        #expect(f.archive.documentCount == 1)
        #expect(try await f.archive.findings(station: nil).isEmpty)
    }

    @Test func anUnknownOrPendingStationIsUnauthenticatedAndARevokedOneForbidden() async throws {
        let f = try await DepotFixture(enroll: false)
        let doc = try f.certify()
        #expect(await rejection { try await f.ingest.receive(document: doc.document, signature: doc.signature) }?.code == "unknown-station")
        _ = try await EnrollmentDesk(archive: f.archive).create(station: f.name)
        let pending = await rejection { try await f.ingest.receive(document: doc.document, signature: doc.signature) }
        #expect(pending?.kind == .unauthenticated && pending?.code == "unknown-station")
        try await f.enrollStation()
        _ = try await f.archive.revokeStation(named: f.name, at: Timestamp.rfc3339(Date()))
        let revoked = await rejection { try await f.ingest.receive(document: doc.document, signature: doc.signature) }
        #expect(revoked?.kind == .forbidden && revoked?.code == "station-revoked")
        #expect(f.archive.documentCount == 0)
    }

    @Test func aDocumentSignedByAnotherKeyUnderTheStationsNameIsRefused() async throws {
        let f = try await DepotFixture()
        let impostor = try TestStation(name: f.name)  // same name, its own key and self-signed certificate
        let entry = try impostor.certify()
        let doc = try Signed(entry)
        let refused = await rejection { try await f.ingest.receive(document: doc.document, signature: doc.signature) }
        #expect(refused?.kind == .unauthenticated)
        #expect(refused?.code == "signer-not-enrolled")
        #expect(f.archive.documentCount == 0)
    }

    @Test func anAlteredDocumentOrSignatureIsInvalid() async throws {
        let f = try await DepotFixture()
        let doc = try f.certify()
        var altered = doc.document
        let index = try #require(altered.firstIndex(of: UInt8(ascii: "1")))
        altered[index] = UInt8(ascii: "2")
        let badContent = await rejection { try await f.ingest.receive(document: altered, signature: doc.signature) }
        #expect(badContent?.kind == .invalid && badContent?.code == "bad-signature")
        let badSignature = await rejection { try await f.ingest.receive(document: doc.document, signature: Array(doc.signature.dropLast(3))) }
        #expect(badSignature?.kind == .invalid && badSignature?.code == "bad-signature")
        let notJSON = await rejection { try await f.ingest.receive(document: Array("not json".utf8), signature: doc.signature) }
        #expect(notJSON?.code == "invalid-document")
        #expect(f.archive.documentCount == 0)
    }

    @Test func aSignedDocumentThatBreaksTheRulesIsInvalid() async throws {
        let f = try await DepotFixture()
        let doc = try f.certify { $0.verification = VerificationRecord(mode: .none) }  // "passed" without verification
        let refused = await rejection { try await f.ingest.receive(document: doc.document, signature: doc.signature) }
        #expect(refused?.kind == .invalid && refused?.code == "invalid-document")
        #expect(refused?.message.contains("verification") == true)
        #expect(f.archive.documentCount == 0)
    }

    @Test func oversizedDocumentsAndSignaturesAreTooLarge() async throws {
        let f = try await DepotFixture()
        let big = [UInt8](repeating: 0x20, count: DocumentLimits.maxDocumentBytes + 1)
        #expect(await rejection { try await f.ingest.receive(document: big, signature: []) }?.kind == .tooLarge)
        let doc = try f.certify()
        let bigSignature = [UInt8](repeating: 0, count: DocumentLimits.maxSignatureBytes + 1)
        #expect(await rejection { try await f.ingest.receive(document: doc.document, signature: bigSignature) }?.kind == .tooLarge)
    }

    @Test func aGapIsAcceptedListedAndClosedWhenThePredecessorArrives() async throws {
        let f = try await DepotFixture()
        let one = try f.certify(), two = try f.certify(), three = try f.certify()
        _ = try await f.ingest.receive(document: one.document, signature: one.signature)
        let gap = try await f.ingest.receive(document: three.document, signature: three.signature)
        #expect(gap.status == .stored && gap.chain == .gap)
        #expect(gap.missing == [SequenceRange(from: 2, to: 2)])
        let filled = try await f.ingest.receive(document: two.document, signature: two.signature)
        #expect(filled.chain == .linked && filled.missing.isEmpty)
    }

    @Test func differentBytesUnderAStoredIDAreAForkedChainFinding() async throws {
        let f = try await DepotFixture()
        let original = try f.certify()
        let fork = try f.certify(in: f.otherLedger())
        #expect(original.id == fork.id && original.sha256 != fork.sha256)
        _ = try await f.ingest.receive(document: original.document, signature: original.signature)
        let refused = await rejection { try await f.ingest.receive(document: fork.document, signature: fork.signature) }
        #expect(refused?.kind == .conflict && refused?.code == "document-conflict")
        let findings = try await f.archive.findings(station: f.name)
        #expect(findings.map(\.kind) == [.forkedChain])
        #expect(findings.first?.documentID == original.id)
        #expect(try await f.archive.document(id: original.id)?.sha256 == original.sha256, "the first document stays")
    }

    @Test func aDocumentThatDoesNotLinkToTheHeldPredecessorIsAChainMismatch() async throws {
        let f = try await DepotFixture()
        let one = try f.certify()
        let other = f.otherLedger()
        _ = try f.certify(in: other)
        let twoElsewhere = try f.certify(in: other)  // links to the other ledger's first document
        _ = try await f.ingest.receive(document: one.document, signature: one.signature)
        let refused = await rejection { try await f.ingest.receive(document: twoElsewhere.document, signature: twoElsewhere.signature) }
        #expect(refused?.kind == .conflict && refused?.code == "chain-mismatch")
        #expect(try await f.archive.findings(station: nil).map(\.kind) == [.chainMismatch])
        #expect(f.archive.documentCount == 1)
    }

    @Test func aPredecessorThatTheHeldSuccessorDoesNotNameIsAChainMismatch() async throws {
        let f = try await DepotFixture()
        _ = try f.certify()
        let two = try f.certify()
        let forkedOne = try f.certify(in: f.otherLedger())
        _ = try await f.ingest.receive(document: two.document, signature: two.signature)
        let refused = await rejection { try await f.ingest.receive(document: forkedOne.document, signature: forkedOne.signature) }
        #expect(refused?.code == "chain-mismatch")
        #expect(f.archive.documentCount == 1)
    }

    @Test func aFailingArchiveStoresNothingAndTheRetrySucceeds() async throws {
        let f = try await DepotFixture()
        let doc = try f.certify()
        f.archive.failNextArchive()
        await #expect(throws: MemoryDepotArchive.InjectedFailure.self) { try await f.ingest.receive(document: doc.document, signature: doc.signature) }
        #expect(f.archive.documentCount == 0 && f.archive.indexedCount == 0)
        #expect(try await f.ingest.receive(document: doc.document, signature: doc.signature).status == .stored)
    }
}
