import Evidence
import Foundation
import Sanitization
import StorageModel

/// The journal entry of one running attempt. Written before the first byte; updated from the
/// job's thread after each pass and before a secret is handed to the device; completed with the
/// certificate at the end. Journal writes that fail are reported, not fatal: the certificate is
/// the record, the journal is how a crash is found.
final class AttemptRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: JournalEntry
    private let journal: AttemptJournal
    private let clock: any WipeClock

    init(entry: JournalEntry, journal: AttemptJournal, clock: any WipeClock) {
        self.entry = entry
        self.journal = journal
        self.clock = clock
    }

    /// Writes the entry as it is: the first write is the commitment to run.
    func begin() throws {
        lock.lock()
        defer { lock.unlock() }
        try journal.write(entry)
        CrashPoint.reached("journal-written")
    }

    func update(passes: [PassRecord]) {
        mutate { $0.passes = passes }
        CrashPoint.reached("pass-done")
    }

    /// Records a secret the device is about to hold (a temporary ATA password) before it is set.
    func update(secret: String) {
        mutate { $0.temporaryPassword = secret }
    }

    /// Records the job's outcome before it is certified: a certificate that then fails (or a
    /// crash) leaves the attempt `uncertified` with the real result, to be certified later.
    func recordOutcome(_ outcome: WipeOutcome) {
        mutate {
            $0.status = .uncertified
            $0.result = outcome.result
            $0.passes = outcome.passes
            $0.outcome = outcome
        }
    }

    /// Marks the attempt completed with its certificate.
    func complete(certificateID: String) {
        mutate {
            $0.status = .completed
            $0.certificateID = certificateID
        }
        CrashPoint.reached("journal-completed")
    }

    var current: JournalEntry {
        lock.lock()
        defer { lock.unlock() }
        return entry
    }

    private func mutate(_ change: (inout JournalEntry) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&entry)
        entry.updatedAt = Timestamp.rfc3339(clock.now())
        try? journal.write(entry)
    }
}
