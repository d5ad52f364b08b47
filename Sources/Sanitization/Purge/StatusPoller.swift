import StorageModel
import BlockIO

/// The one polling loop of the purge executors: asks the drive for its status every `interval`
/// seconds of the job's clock until the poll reports an end or `limit` seconds have passed. The
/// clock is injected so tests run on an instant clock that advances when slept on.
struct StatusPoller {
    enum Step {
        /// Still running: sleep one interval and ask again.
        case pending
        /// The drive's status decided the outcome.
        case finished(PurgeCommandOutcome)
    }

    let clock: any WipeClock
    let interval: Double
    /// Firmware sanitize of a large hard disk can take a day; 48 hours is the ceiling.
    var limit: Double = 48 * 3600

    /// Polls a drive may take to show a sanitize it has accepted (in progress, or a changed
    /// status). A status still unchanged after them proves nothing about this command.
    static let settlePolls = 10

    /// The outcome the status reported, or nil when `limit` passed first.
    func run(_ poll: () throws(Errno) -> Step) throws(Errno) -> PurgeCommandOutcome? {
        let deadline = clock.uptimeNanoseconds() + UInt64(limit * 1e9)
        while clock.uptimeNanoseconds() < deadline {
            switch try poll() {
            case .finished(let outcome): return outcome
            case .pending: clock.sleep(seconds: interval)
            }
        }
        return nil
    }
}
