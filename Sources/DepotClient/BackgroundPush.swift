import Foundation
import Station
import StorageModel

/// The push loop `expunge station` runs while it is open: pushes whenever documents are queued,
/// and after a failure waits with exponential back-off (2 s doubling to 5 minutes, with up to
/// 25 % random jitter so many stations do not retry in step) before trying again. The station
/// keeps wiping and signing whatever happens here: documents wait in the outbox.
public struct BackgroundPush: Sendable {
    public let pusher: OutboxPusher
    /// How often the queue is looked at when it was empty.
    public let pollInterval: Duration
    public let onReport: @Sendable (OutboxPusher.Report) -> Void

    public init(pusher: OutboxPusher, pollInterval: Duration = .seconds(2), onReport: @escaping @Sendable (OutboxPusher.Report) -> Void = { _ in }) {
        self.pusher = pusher
        self.pollInterval = pollInterval
        self.onReport = onReport
    }

    /// The wait after `failures` failed pushes in a row.
    public static func backoff(afterFailures failures: Int, jitter: Double) -> Duration {
        let base = min(300.0, 2.0 * pow(2.0, Double(max(0, failures - 1))))
        return .milliseconds(Int64(base * (1 + 0.25 * min(max(jitter, 0), 1)) * 1000))
    }

    /// Runs until the task is cancelled.
    public func run() async {
        var failures = 0
        var headPushed = false
        while !Task.isCancelled {
            let queued = !pusher.outbox.pending().isEmpty || (try? pusher.ledger.head(station: pusher.signer.station.name).sequence)
                .map { $0 > pusher.outbox.state().settledThrough } ?? false
            if queued || !headPushed {
                do {
                    if let report = try await pusher.push(wait: false) {
                        onReport(report)
                        if report.error == nil { failures = 0; headPushed = true } else { failures += 1 }
                    }
                } catch {
                    failures += 1
                }
            }
            let wait = failures == 0 ? pollInterval : Self.backoff(afterFailures: failures, jitter: Double.random(in: 0...1))
            try? await Task.sleep(for: wait)
        }
    }
}
