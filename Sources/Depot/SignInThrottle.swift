import Foundation

/// Slows password guessing: failed sign-ins are counted per user name and per client address
/// over a sliding `window`, and so are the attempts still being checked (so that attempts sent in
/// parallel cannot all pass before the first failure is counted); past `perUser` (or
/// `perAddress`) the next attempt is refused without checking the password until the oldest
/// failure leaves the window. A success clears the user's count (not the address's: one address
/// may try many names).
public actor SignInThrottle {
    public static let window: TimeInterval = 15 * 60
    public static let perUser = 5
    public static let perAddress = 20
    /// A refused attempt is written to the audit log at most this often per user and address
    /// (a flood of refusals must not fill the log); the depot's log counts every one.
    public static let refusalAuditInterval: TimeInterval = 60

    private var byUser: [String: [Date]] = [:]
    private var byAddress: [String: [Date]] = [:]
    private var pendingByUser: [String: Int] = [:]
    private var pendingByAddress: [String: Int] = [:]
    private var lastAuditedRefusal: [String: Date] = [:]
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// When `user` from `address` may try again; nil: now.
    public func retryAfter(user: String, address: String) -> Date? {
        let t = now()
        prune(at: t)
        func limit(_ failures: [Date]?, pending: Int, max: Int) -> Date? {
            let failures = failures ?? []
            guard failures.count + pending >= max else { return nil }
            // Attempts in flight hold their place until they end: try again shortly.
            guard failures.count >= max else { return t + 2 }
            return failures[failures.count - max] + Self.window
        }
        let u = limit(byUser[user], pending: pendingByUser[user] ?? 0, max: Self.perUser)
        let a = limit(byAddress[address], pending: pendingByAddress[address] ?? 0, max: Self.perAddress)
        return [u, a].compactMap { $0 }.max()
    }

    /// Reserves an attempt: nil and counted as in flight until `end`, or when to try again.
    public func begin(user: String, address: String) -> Date? {
        if let until = retryAfter(user: user, address: address) { return until }
        pendingByUser[user, default: 0] += 1
        pendingByAddress[address, default: 0] += 1
        return nil
    }

    /// How an attempt `begin` reserved ended.
    public enum Ending: Sendable { case succeeded, failed, notChecked }

    /// Ends an attempt `begin` reserved: a failure is counted, a success clears the user's
    /// failures, an attempt never checked (the depot was busy, the database failed) counts neither.
    public func end(user: String, address: String, _ ending: Ending) {
        pendingByUser[user] = max(0, (pendingByUser[user] ?? 1) - 1)
        pendingByAddress[address] = max(0, (pendingByAddress[address] ?? 1) - 1)
        if pendingByUser[user] == 0 { pendingByUser[user] = nil }
        if pendingByAddress[address] == 0 { pendingByAddress[address] = nil }
        switch ending {
        case .succeeded: recordSuccess(user: user)
        case .failed: recordFailure(user: user, address: address)
        case .notChecked: break
        }
    }

    public func recordFailure(user: String, address: String) {
        let t = now()
        byUser[user, default: []].append(t)
        byAddress[address, default: []].append(t)
    }

    public func recordSuccess(user: String) {
        byUser[user] = nil
    }

    /// Whether a throttled refusal of `user` from `address` should be written to the audit log
    /// now (the first, then at most once per `refusalAuditInterval`).
    public func shouldAuditRefusal(user: String, address: String) -> Bool {
        let t = now(), key = user + "\u{0}" + address
        if let last = lastAuditedRefusal[key], t.timeIntervalSince(last) < Self.refusalAuditInterval { return false }
        lastAuditedRefusal[key] = t
        if lastAuditedRefusal.count > 10_000 { lastAuditedRefusal = lastAuditedRefusal.filter { t.timeIntervalSince($0.value) < Self.refusalAuditInterval } }
        return true
    }

    private func prune(at t: Date) {
        let cutoff = t - Self.window
        byUser = byUser.compactMapValues { dates in let kept = dates.filter { $0 > cutoff }; return kept.isEmpty ? nil : kept }
        byAddress = byAddress.compactMapValues { dates in let kept = dates.filter { $0 > cutoff }; return kept.isEmpty ? nil : kept }
    }
}
