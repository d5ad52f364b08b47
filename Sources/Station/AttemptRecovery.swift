import Evidence
import Foundation
import Sanitization
import StorageModel

/// Certifies attempts that a dead process left in progress (crash, power loss, `kill -9`), as
/// `interrupted`, and completes their journal entries.
struct AttemptRecovery: Sendable {
    let journal: AttemptJournal
    let certifier: Certifier
    let clock: any WipeClock

    func recover() async -> [Certifier.Certified] {
        var out: [Certifier.Certified] = []
        for var entry in journal.entries() where AttemptJournal.isStale(entry) {
            let outcome = AttemptJournal.interruptedOutcome(entry, now: clock.now())
            guard let certified = try? await certifier.certifyOnce(outcome, assetID: entry.assetID, operatorID: entry.operatorID,
                                                          customer: entry.customer) else { continue }
            entry.status = .completed
            entry.result = .interrupted
            entry.certificateID = certified.entry.id
            entry.updatedAt = Timestamp.rfc3339(clock.now())
            try? journal.write(entry)
            out.append(certified)
        }
        return out
    }
}
