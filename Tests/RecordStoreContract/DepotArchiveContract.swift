import Foundation
import Records
import StorageModel

/// The behaviour every `DepotArchive` must have: one case per behaviour, each run on a new, empty
/// database, given the archive and the record store on the same database (the index rows an
/// archived document brings are read through the store). A backend's test target runs every case
/// (`@Test(arguments: DepotArchiveContract.cases)`) with its own factory.
public struct DepotArchiveContract: Sendable, CustomStringConvertible {
    public let description: String
    let check: @Sendable (any DepotArchive, any RecordStore) async throws -> Void

    init(_ name: String, _ check: @escaping @Sendable (any DepotArchive, any RecordStore) async throws -> Void) {
        description = name
        self.check = check
    }

    /// Runs this case on `archive` and `records` (one new, empty database); throws a
    /// `RecordStoreContract.Violation` naming what differed.
    public func run(on archive: any DepotArchive, records: any RecordStore) async throws { try await check(archive, records) }

    static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        if !condition { throw RecordStoreContract.Violation(description: what()) }
    }

    static let t0 = "2026-07-01T08:00:00Z", t1 = "2026-07-01T09:00:00Z", t2 = "2026-07-01T10:00:00Z"

    public static let cases: [DepotArchiveContract] = [
        DepotArchiveContract("enrollment: a token works once and binds the certificate") { archive, _ in
            let token = Fixtures.tokenSHA256("token-1")
            try await archive.createEnrollment(station: "ST-A", tokenSHA256: token, at: t0)
            let pending = try await archive.station(named: "ST-A")
            try require(pending == EnrolledStation(name: "ST-A", state: .pending, certificatePEM: nil, certificateSHA256: nil, createdAt: t0,
                                                   enrolledAt: nil, revokedAt: nil), "a new enrollment is pending: \(String(describing: pending))")
            try require(try await archive.redeemEnrollment(tokenSHA256: Fixtures.tokenSHA256("wrong"), certificatePEM: Fixtures.stationPEM,
                                                           certificateSHA256: "c1", at: t1) == nil, "a wrong token redeems nothing")
            let active = try await archive.redeemEnrollment(tokenSHA256: token, certificatePEM: Fixtures.stationPEM, certificateSHA256: "c1", at: t1)
            let expected = EnrolledStation(name: "ST-A", state: .active, certificatePEM: Fixtures.stationPEM, certificateSHA256: "c1", createdAt: t0,
                                           enrolledAt: t1, revokedAt: nil)
            try require(active == expected, "redeeming returns the active station with its certificate: \(String(describing: active))")
            try require(try await archive.station(named: "ST-A") == expected, "the active station is stored")
            try require(try await archive.redeemEnrollment(tokenSHA256: token, certificatePEM: "other", certificateSHA256: "c2", at: t2) == nil,
                        "a used token redeems nothing")
            try require(try await archive.station(named: "ST-A") == expected, "a second redemption changes nothing")
            do {
                try await archive.createEnrollment(station: "ST-A", tokenSHA256: Fixtures.tokenSHA256("token-2"), at: t2)
                try require(false, "an active station was enrolled again")
            } catch DepotArchiveError.stationExists(let name) {
                try require(name == "ST-A", "stationExists names the station")
            }
            try require(try await archive.station(named: "ST-A") == expected, "a refused enrollment changes nothing")
            try require(try await archive.station(named: "NOPE") == nil, "an unknown station is nil")
        },
        DepotArchiveContract("enrollment: a new token replaces the pending one") { archive, _ in
            try await archive.createEnrollment(station: "ST-B", tokenSHA256: Fixtures.tokenSHA256("first"), at: t0)
            try await archive.createEnrollment(station: "ST-B", tokenSHA256: Fixtures.tokenSHA256("second"), at: t1)
            try require(try await archive.redeemEnrollment(tokenSHA256: Fixtures.tokenSHA256("first"), certificatePEM: Fixtures.stationPEM,
                                                           certificateSHA256: "c", at: t2) == nil, "the replaced token no longer works")
            try require(try await archive.station(named: "ST-B")?.state == .pending, "still pending")
            let active = try await archive.redeemEnrollment(tokenSHA256: Fixtures.tokenSHA256("second"), certificatePEM: Fixtures.stationPEM,
                                                            certificateSHA256: "c", at: t2)
            try require(active?.state == .active && active?.name == "ST-B" && active?.createdAt == t1, "the new token works: \(String(describing: active))")
        },
        DepotArchiveContract("enrollment: concurrent redemptions of one token, one wins") { archive, _ in
            let token = Fixtures.tokenSHA256("race")
            try await archive.createEnrollment(station: "ST-R", tokenSHA256: token, at: t0)
            let winners = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await archive.redeemEnrollment(tokenSHA256: token, certificatePEM: Fixtures.stationPEM,
                                                           certificateSHA256: "c\(i)", at: t1) == nil ? 0 : 1
                    }
                }
                return try await group.reduce(0, +)
            }
            try require(winners == 1, "\(winners) redemptions of one token succeeded")
            try require(try await archive.station(named: "ST-R")?.state == .active, "the station is active")
        },
        DepotArchiveContract("revocation: tokens stop working, the first time stays, a revoked station can enroll again") { archive, _ in
            try require(!(try await archive.revokeStation(named: "NOPE", at: t0)), "revoking an unknown station is false")
            try await archive.createEnrollment(station: "ST-P", tokenSHA256: Fixtures.tokenSHA256("p"), at: t0)
            try require(try await archive.revokeStation(named: "ST-P", at: t1), "a pending station can be revoked")
            try require(try await archive.redeemEnrollment(tokenSHA256: Fixtures.tokenSHA256("p"), certificatePEM: Fixtures.stationPEM,
                                                           certificateSHA256: "c", at: t2) == nil, "a revoked station's token no longer works")
            try await archive.createEnrollment(station: "ST-C", tokenSHA256: Fixtures.tokenSHA256("c"), at: t0)
            _ = try await archive.redeemEnrollment(tokenSHA256: Fixtures.tokenSHA256("c"), certificatePEM: Fixtures.stationPEM, certificateSHA256: "c", at: t0)
            try require(try await archive.revokeStation(named: "ST-C", at: t1), "an active station can be revoked")
            try require(try await archive.revokeStation(named: "ST-C", at: t2), "revoking again is still a known station")
            let revoked = try await archive.station(named: "ST-C")
            try require(revoked?.state == .revoked && revoked?.revokedAt == t1 && revoked?.certificateSHA256 == "c",
                        "revoked, first time kept, certificate kept for the record: \(String(describing: revoked))")
            try require(try await archive.stations().map(\.name) == ["ST-C", "ST-P"], "stations by name")
            try await archive.createEnrollment(station: "ST-C", tokenSHA256: Fixtures.tokenSHA256("c2"), at: t2)
            let again = try await archive.station(named: "ST-C")
            try require(again == EnrolledStation(name: "ST-C", state: .pending, certificatePEM: nil, certificateSHA256: nil, createdAt: t2,
                                                 enrolledAt: nil, revokedAt: nil), "a revoked station enrolls again: \(String(describing: again))")
        },
        DepotArchiveContract("archive stores the bytes with the index rows and the asset") { archive, records in
            let (cert, certEntry, asset) = Fixtures.archivedCertificate("DEPOT-1-000001", sequence: 1, asset: "DA-1")
            let (disp, dispEntry, _) = Fixtures.archivedDisposal("DEPOT-1-000002", sequence: 2, asset: "DA-1")
            try require(try await records.indexedDocumentIDs().isEmpty, "a new archive indexes nothing")
            try require(try await archive.archive(cert, indexing: certEntry, asset: asset) == .stored, "a new certificate is stored")
            try require(try await archive.archive(disp, indexing: dispEntry) == .stored, "a new disposal record is stored")
            try require(try await archive.document(id: cert.id) == cert, "the certificate's bytes, signature and fields round-trip")
            try require(try await archive.document(id: disp.id) == disp, "the disposal record round-trips")
            try require(try await archive.document(station: "DEPOT-1", sequence: 2) == disp, "found by station and sequence")
            try require(try await archive.document(id: "NOPE") == nil, "an unknown ID is nil")
            try require(try await archive.document(station: "DEPOT-1", sequence: 3) == nil, "an unknown sequence is nil")
            guard case .certificate(let c) = certEntry, case .disposal(let d) = dispEntry else { return }
            try require(try await records.certificates(assetID: "DA-1") == [c], "the certificate is indexed")
            try require(try await records.disposals(assetID: "DA-1") == [d], "the disposal record is indexed")
            try require(try await records.indexedDocumentIDs() == [cert.id, disp.id], "both are in the index")
            try require(try await records.asset("DA-1") == asset, "the asset is created with the document")
            try require(try await records.overviews(AssetFilter()).map(\.status) == [.recycled], "the register follows the archive")
        },
        DepotArchiveContract("archive never overwrites a known asset") { archive, records in
            let register = Fixtures.asset("DA-2", category: "Server", customer: "Register Owner", weight: 12)
            _ = try await records.ensureAsset(register)
            let (cert, entry, fromDocument) = Fixtures.archivedCertificate("DEPOT-1-000001", sequence: 1, asset: "DA-2")
            try require(fromDocument != register, "fixture assets differ")
            try require(try await archive.archive(cert, indexing: entry, asset: fromDocument) == .stored, "stored")
            try require(try await records.asset("DA-2") == register, "the register's asset is kept")
        },
        DepotArchiveContract("archive is idempotent; a conflict writes nothing") { archive, records in
            let (cert, entry, asset) = Fixtures.archivedCertificate("DEPOT-1-000001", sequence: 1, asset: "DA-3")
            try require(try await archive.archive(cert, indexing: entry, asset: asset) == .stored, "stored")
            try require(try await archive.archive(cert, indexing: entry, asset: asset) == .alreadyStored, "the same bytes again are already stored")
            // Different bytes under the same ID: a forked chain.
            let (forked, forkedEntry, _) = Fixtures.archivedCertificate("DEPOT-1-000001", sequence: 1, asset: "DA-OTHER", variant: ",\"x\":1")
            try require(try await archive.archive(forked, indexing: forkedEntry, asset: Fixtures.asset("DA-OTHER")) == .conflict(existingSHA256: cert.sha256),
                        "different bytes under a stored ID conflict, naming the stored SHA-256")
            // Another ID at a sequence already held.
            let (rival, rivalEntry, _) = Fixtures.archivedCertificate("DEPOT-1-RIVAL", sequence: 1, asset: "DA-RIVAL")
            try require(try await archive.archive(rival, indexing: rivalEntry, asset: Fixtures.asset("DA-RIVAL")) == .conflict(existingSHA256: cert.sha256),
                        "another document at a held station and sequence conflicts")
            try require(try await archive.document(id: cert.id) == cert, "the stored document is unchanged")
            try require(try await archive.document(id: rival.id) == nil, "the rival is not stored")
            guard case .certificate(let c) = entry else { return }
            try require(try await records.certificates(assetID: "DA-3") == [c], "the stored index row is unchanged")
            try require(try await records.indexedDocumentIDs() == [cert.id], "nothing else is indexed")
            try require(try await records.asset("DA-OTHER") == nil, "no asset is created by a forked document")
            try require(try await records.asset("DA-RIVAL") == nil, "no asset is created by a rival document")
            try require(try await archive.sequences(station: "DEPOT-1") == [1], "one document held")
        },
        DepotArchiveContract("concurrent offers of one document store it once") { archive, records in
            let (cert, entry, asset) = Fixtures.archivedCertificate("DEPOT-1-000007", sequence: 7, asset: "DA-4")
            let outcomes = try await withThrowingTaskGroup(of: ArchiveOutcome.self) { group in
                for _ in 0..<8 { group.addTask { try await archive.archive(cert, indexing: entry, asset: asset) } }
                var all: [ArchiveOutcome] = []
                for try await o in group { all.append(o) }
                return all
            }
            try require(outcomes.filter { $0 == .stored }.count == 1 && outcomes.filter { $0 == .alreadyStored }.count == 7,
                        "one offer stores, the others find it stored: \(outcomes)")
            try require(try await records.certificates(assetID: "DA-4").count == 1, "indexed once")
        },
        DepotArchiveContract("an entry that does not describe the document is refused and nothing is written") { archive, records in
            let (cert, entry, asset) = Fixtures.archivedCertificate("DEPOT-1-000001", sequence: 1, asset: "DA-5")
            let (_, otherEntry, _) = Fixtures.archivedCertificate("DEPOT-1-000002", sequence: 2, asset: "DA-5")
            let (_, disposalEntry, _) = Fixtures.archivedDisposal("DEPOT-1-000001", sequence: 1, asset: "DA-5")
            var damaged = cert
            damaged.document[0] ^= 0xFF  // bytes no longer match their SHA-256
            for (document, indexing, what) in [(cert, otherEntry, "another ID"), (cert, disposalEntry, "another kind"), (damaged, entry, "damaged bytes")] {
                do {
                    _ = try await archive.archive(document, indexing: indexing, asset: asset)
                    try require(false, "an entry with \(what) was archived")
                } catch let e as ExpungeError {
                    try require(e.code == "depot-entry-mismatch", "\(what): error code \(e.code)")
                }
            }
            try require(try await archive.document(id: cert.id) == nil, "no document stored")
            try require(try await records.indexedDocumentIDs().isEmpty, "nothing indexed")
            try require(try await records.asset("DA-5") == nil, "no asset created")
        },
        DepotArchiveContract("documents stream in station and sequence order; sequences show the gaps") { archive, _ in
            let offered: [(String, UInt64)] = [("ST-B", 2), ("ST-A", 4), ("ST-A", 1), ("ST-B", 1), ("ST-A", 2), ("ST-A", 10)]
            for (station, sequence) in offered {
                let (d, e, a) = Fixtures.archivedCertificate("\(station)-\(sequence)", station: station, sequence: sequence, asset: "DS-\(station)")
                try require(try await archive.archive(d, indexing: e, asset: a) == .stored, "stored \(station) \(sequence)")
            }
            var all: [String] = []
            try await archive.forEachDocument(station: nil) { all.append($0.id) }
            try require(all == ["ST-A-1", "ST-A-2", "ST-A-4", "ST-A-10", "ST-B-1", "ST-B-2"], "every station, in station and sequence order: \(all)")
            var one: [ArchivedDocument] = []
            try await archive.forEachDocument(station: "ST-B") { one.append($0) }
            try require(one.map(\.id) == ["ST-B-1", "ST-B-2"] && one[0].document == Fixtures.archivedCertificate("ST-B-1", station: "ST-B", sequence: 1, asset: "DS-ST-B").0.document,
                        "one station's documents with their bytes")
            var none = 0
            try await archive.forEachDocument(station: "ST-NONE") { _ in none += 1 }
            try require(none == 0, "an unknown station streams nothing")
            try require(try await archive.sequences(station: "ST-A") == [1, 2, 4, 10], "sequences ascending, gaps visible")
            try require(try await archive.sequences(station: "ST-NONE").isEmpty, "no sequences for an unknown station")
            let two = try await archive.chainNeighbours(id: "ST-A-2", station: "ST-A", sequence: 2)
            let held2 = try await archive.document(id: "ST-A-2"), held1 = try await archive.document(id: "ST-A-1")
            try require(two.sameID?.sha256 == held2?.sha256 && two.sameID?.sequence == 2, "the document under the same ID")
            try require(two.predecessor?.id == "ST-A-1" && two.predecessor?.sha256 == held1?.sha256, "the predecessor with its SHA-256")
            try require(two.successor == nil, "no successor where 3 is missing")
            let three = try await archive.chainNeighbours(id: "ST-A-3", station: "ST-A", sequence: 3)
            let held4 = try await archive.document(id: "ST-A-4")
            try require(three.sameID == nil && three.predecessor?.id == "ST-A-2", "a missing sequence: its predecessor, nothing under its ID")
            try require(three.successor?.id == "ST-A-4" && three.successor?.previousSHA256 == held4?.previousSHA256, "the successor with the hash it names")
            let first = try await archive.chainNeighbours(id: "ST-A-1", station: "ST-A", sequence: 1)
            try require(first.predecessor == nil && first.sameID?.id == "ST-A-1" && first.successor?.id == "ST-A-2", "sequence 1 has no predecessor")
            try require(try await archive.chainNeighbours(id: "ST-NONE-5", station: "ST-NONE", sequence: 5) == ChainNeighbours(),
                        "an unknown station has no neighbours")
            try require(try await archive.missingSequences(station: "ST-A") == [3...3, 5...9], "the runs missing below the highest held")
            try require(try await archive.missingSequences(station: "ST-B").isEmpty, "a continuous chain misses nothing")
            try require(try await archive.missingSequences(station: "ST-NONE").isEmpty, "an unknown station misses nothing")
            let (late, lateEntry, lateAsset) = Fixtures.archivedCertificate("ST-C-3", station: "ST-C", sequence: 3, asset: "DS-ST-C")
            try require(try await archive.archive(late, indexing: lateEntry, asset: lateAsset) == .stored, "stored ST-C 3")
            try require(try await archive.missingSequences(station: "ST-C") == [1...2], "a chain held from 3 misses 1…2")
            // Filling the gaps, one by one: each answer follows (the chain summary is kept with each document).
            for (sequence, expected): (UInt64, [ClosedRange<UInt64>]) in [(2, [1...1]), (1, [])] {
                let (doc, entry, asset) = Fixtures.archivedCertificate("ST-C-\(sequence)", station: "ST-C", sequence: sequence, asset: "DS-ST-C")
                try require(try await archive.archive(doc, indexing: entry, asset: asset) == .stored, "stored ST-C \(sequence)")
                try require(try await archive.missingSequences(station: "ST-C") == expected, "after \(sequence): \(expected)")
            }
            let again = Fixtures.archivedCertificate("ST-C-1", station: "ST-C", sequence: 1, asset: "DS-ST-C")
            try require(try await archive.archive(again.0, indexing: again.1, asset: again.2) == .alreadyStored, "the same document again")
            try require(try await archive.activity(station: "ST-C")?.documents == 3, "a document sent twice counts once")
            let activityA = try await archive.activity(station: "ST-A")
            try require(activityA?.highestSequence == 10 && activityA?.documents == 4, "one station's activity")
            try require(try await archive.activity(station: "ST-NONE") == nil, "no activity for an unknown station")
            struct Stop: Error {}
            var seen = 0
            do {
                try await archive.forEachDocument(station: nil) { _ in seen += 1; if seen == 2 { throw Stop() } }
                try require(false, "an error thrown by the body stops the stream and is rethrown")
            } catch is Stop {}
            try require(seen == 2, "the stream stops at the body's error")
        },
        DepotArchiveContract("witnessed heads: the latest, one at a sequence, the first witness stands") { archive, _ in
            try require(try await archive.latestHead(station: "ST-H") == nil, "no head witnessed yet")
            let h3 = WitnessedHead(station: "ST-H", sequence: 3, sha256: String(repeating: "3", count: 64), witnessedAt: t0)
            let h5 = WitnessedHead(station: "ST-H", sequence: 5, sha256: String(repeating: "5", count: 64), witnessedAt: t1)
            let h4 = WitnessedHead(station: "ST-H", sequence: 4, sha256: String(repeating: "4", count: 64), witnessedAt: t2)
            try await archive.recordHead(h3)
            try await archive.recordHead(h5)
            try await archive.recordHead(h5)  // idempotent
            try await archive.recordHead(h4)  // a lower head is recorded too (the caller reports the finding)
            try await archive.recordHead(WitnessedHead(station: "ST-OTHER", sequence: 9, sha256: String(repeating: "9", count: 64), witnessedAt: t0))
            try require(try await archive.latestHead(station: "ST-H") == h5, "the highest head is the latest")
            try require(try await archive.head(station: "ST-H", sequence: 4) == h4, "the head at a sequence")
            try require(try await archive.head(station: "ST-H", sequence: 6) == nil, "no head at an unwitnessed sequence")
            var rewritten = h5
            rewritten.sha256 = String(repeating: "f", count: 64)
            rewritten.witnessedAt = t2
            try await archive.recordHead(rewritten)
            try require(try await archive.head(station: "ST-H", sequence: 5) == h5, "a different hash at a witnessed sequence does not replace the witness")
        },
        DepotArchiveContract("findings are kept oldest first, by station") { archive, _ in
            try require(try await archive.findings(station: nil).isEmpty, "no findings yet")
            let f1 = DepotFinding(station: "ST-F", kind: .forkedChain, documentID: "ST-F-000003", sequence: 3, detail: "different bytes under ST-F-000003",
                                  recordedAt: t2)
            let f2 = DepotFinding(station: "ST-G", kind: .tailDeleted, documentID: nil, sequence: 4, detail: "head 4 below the witnessed 7", recordedAt: t0)
            let f3 = DepotFinding(station: "ST-F", kind: .ledgerRewritten, documentID: nil, sequence: nil, detail: "Ünïcode détail", recordedAt: t1)
            let f4 = DepotFinding(station: "ST-F", kind: .chainMismatch, documentID: "ST-F-000009", sequence: 9, detail: "previous_sha256 differs", recordedAt: t1)
            for f in [f1, f2, f3, f4] { try await archive.recordFinding(f) }
            try require(try await archive.findings(station: nil) == [f1, f2, f3, f4], "every finding in the order recorded")
            try require(try await archive.findings(station: "ST-F") == [f1, f3, f4], "one station's findings")
            try require(try await archive.findings(station: "ST-NONE").isEmpty, "none for another station")
        },
        DepotArchiveContract("users: add, a taken name, set the password") { archive, _ in
            let alice = DepotUser(name: "alice", passwordHash: "$scrypt$1", role: .admin, createdAt: t0)
            let bob = DepotUser(name: "bob", passwordHash: "$scrypt$2", role: .auditor, createdAt: t1)
            try await archive.addUser(bob)
            try await archive.addUser(alice)
            do {
                try await archive.addUser(DepotUser(name: "alice", passwordHash: "$scrypt$3", role: .auditor, createdAt: t2))
                try require(false, "a taken name was added")
            } catch DepotArchiveError.userExists(let name) {
                try require(name == "alice", "userExists names the user")
            }
            try require(try await archive.user(named: "alice") == alice, "a refused user changes nothing")
            try require(try await archive.users() == [alice, bob], "users by name")
            try require(try await archive.setPassword(user: "bob", passwordHash: "$scrypt$new"), "set the password of a known user")
            try require(try await archive.user(named: "bob")?.passwordHash == "$scrypt$new", "the new hash is stored")
            try require(!(try await archive.setPassword(user: "carol", passwordHash: "x")), "an unknown user is false")
            try require(try await archive.user(named: "carol") == nil, "unknown user is nil")
            let compliance = DepotUser(name: "cora", passwordHash: "h", role: .compliance, createdAt: t2)
            try await archive.addUser(compliance)
            try require(try await archive.user(named: "cora") == compliance, "every role round-trips")
            let technician = DepotUser(name: "tom", passwordHash: "h", role: .technician, createdAt: t2)
            try await archive.addUser(technician)
            try require(try await archive.user(named: "tom") == technician, "the technician role round-trips")
        },
        DepotArchiveContract("ingest reads: the station with the chain around a document; archiving reports the gaps after it") { archive, _ in
            let none = try await archive.ingestContext(station: "ST-I", id: "ST-I-1", sequence: 1)
            try require(none.station == nil && none.neighbours == ChainNeighbours(), "an unknown station, nothing around")
            try await archive.createEnrollment(station: "ST-I", tokenSHA256: Fixtures.tokenSHA256("ingest"), at: t0)
            _ = try await archive.redeemEnrollment(tokenSHA256: Fixtures.tokenSHA256("ingest"), certificatePEM: Fixtures.stationPEM,
                                                   certificateSHA256: "c-i", at: t1)
            var steps: [(UInt64, ArchiveOutcome, [ClosedRange<UInt64>])] = [(1, .stored, []), (4, .stored, [2...3]), (2, .stored, [3...3])]
            steps += [(3, .stored, []), (3, .alreadyStored, []), (5, .stored, [])]
            for (sequence, outcome, missing) in steps {
                let (doc, entry, asset) = Fixtures.archivedCertificate("ST-I-\(sequence)", station: "ST-I", sequence: sequence, asset: "A-I")
                let got = try await archive.archiveReportingGaps(doc, indexing: entry, asset: asset, customer: nil)
                try require(got.outcome == outcome && got.missing == missing, "sequence \(sequence): \(got) (expected \(outcome), \(missing))")
                try require(try await archive.missingSequences(station: "ST-I") == missing, "missingSequences agrees after \(sequence)")
            }
            let context = try await archive.ingestContext(station: "ST-I", id: "ST-I-4", sequence: 4)
            try require(context.station?.state == .active && context.station?.certificateSHA256 == "c-i", "the station's row: \(String(describing: context.station))")
            try require(context.neighbours == (try await archive.chainNeighbours(id: "ST-I-4", station: "ST-I", sequence: 4)),
                        "the same neighbours as chainNeighbours: \(context.neighbours)")
            try require(context.neighbours.sameID?.id == "ST-I-4" && context.neighbours.predecessor?.id == "ST-I-3" && context.neighbours.successor?.id == "ST-I-5",
                        "the document, its predecessor and successor")
            let late = Fixtures.archivedCertificate("ST-J-3", station: "ST-J", sequence: 3, asset: "A-J")
            try require(try await archive.archiveReportingGaps(late.0, indexing: late.1, asset: late.2, customer: nil).missing == [1...2],
                        "a chain first held at 3 misses 1…2")
            let unknownRow = try await archive.ingestContext(station: "ST-J", id: "ST-J-3", sequence: 3)
            try require(unknownRow.station == nil && unknownRow.neighbours.sameID?.id == "ST-J-3", "documents of a station the depot does not enroll")
        },
        DepotArchiveContract("audit log: appended, read newest first, limited") { archive, _ in
            try require(try await archive.auditEntries(limit: 10).isEmpty, "an empty log")
            let entries = [
                AuditEntry(at: t0, user: "alice", address: "127.0.0.1", event: .signIn, detail: "role admin"),
                AuditEntry(at: t1, user: "mallory <x>", address: "::1", event: .signInRefused, detail: "wrong password"),
                AuditEntry(at: t2, user: "alice", address: "127.0.0.1", event: .download, detail: "gdpr 2026-01-01…2026-07-01 csv, customer Ünïcode"),
            ]
            for e in entries { try await archive.recordAudit(e) }
            try require(try await archive.auditEntries(limit: 10) == entries.reversed(), "newest first, every field kept")
            try require(try await archive.auditEntries(limit: 2) == Array(entries.reversed().prefix(2)), "at most limit lines")
        },
        DepotArchiveContract("station activity: documents, highest sequence and newest arrival per station") { archive, _ in
            try require(try await archive.stationActivity().isEmpty, "no documents, no activity")
            for (id, station, sequence, asset) in [("A-1", "ST-A", UInt64(1), "X1"), ("A-2", "ST-A", UInt64(2), "X2"), ("B-5", "ST-B", UInt64(5), "X3")] {
                let made = Fixtures.archivedCertificate(id, station: station, sequence: sequence, asset: asset)
                var doc = made.0
                doc.receivedAt = sequence == 2 ? t2 : t0
                _ = try await archive.archive(doc, indexing: made.1, asset: made.2)
            }
            let activity = try await archive.stationActivity()
            try require(activity == [StationActivity(station: "ST-A", documents: 2, highestSequence: 2, lastReceivedAt: t2),
                                     StationActivity(station: "ST-B", documents: 1, highestSequence: 5, lastReceivedAt: t0)],
                        "one row per station: \(activity)")
        },
    ]
}
