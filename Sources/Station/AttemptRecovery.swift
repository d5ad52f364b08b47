import Evidence
import Foundation
import Sanitization
import StorageModel

/// Certifies what the journal shows without a certificate: attempts a dead process left in
/// progress (crash, power loss, `kill -9`) as `interrupted`, and attempts whose outcome was
/// recorded but whose certificate failed (`uncertified`) with that outcome. Every attempt gets
/// exactly one certificate: the ledger refuses a second, and one already written is reused.
struct AttemptRecovery: Sendable {
    let journal: AttemptJournal
    let certifier: Certifier
    let clock: any WipeClock

    func recover() async -> [Certifier.Certified] {
        var out: [Certifier.Certified] = []
        // Space set aside by dead processes goes back to their certificates; live attempts keep theirs.
        let live = Set(journal.entries().filter { $0.status == .inProgress && !AttemptJournal.isStale($0) }.map(\.attemptID))
        EvidenceReservation.releaseAbandoned(in: certifier.ledger.directory, keeping: live)
        for var entry in journal.entries() where AttemptJournal.isStale(entry) || AttemptJournal.isUncertified(entry) {
            let outcome = entry.outcome ?? AttemptJournal.interruptedOutcome(entry, now: clock.now())
            guard let certified = try? await certifier.certifyOnce(outcome, assetID: entry.assetID, operatorID: entry.operatorID,
                                                          customer: entry.customer) else { continue }
            entry.status = .completed
            entry.result = outcome.result
            entry.certificateID = certified.entry.id
            entry.updatedAt = Timestamp.rfc3339(clock.now())
            try? journal.write(entry)
            out.append(certified)
        }
        return out
    }
}
