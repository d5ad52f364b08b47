import Foundation

/// Slows password guessing: failed sign-ins are counted per user name and per client address
/// over a sliding `window`; past `perUser` (or `perAddress`) failures the next attempt is refused
/// without checking the password until the oldest failure leaves the window. A success clears
/// the user's count (not the address's: one address may try many names).
public actor SignInThrottle {
    public static let window: TimeInterval = 15 * 60
    public static let perUser = 5
    public static let perAddress = 20

    private var byUser: [String: [Date]] = [:]
    private var byAddress: [String: [Date]] = [:]
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// When `user` from `address` may try again; nil: now.
    public func retryAfter(user: String, address: String) -> Date? {
        let t = now()
        prune(at: t)
        var until: Date?
        if let failures = byUser[user], failures.count >= Self.perUser { until = failures[failures.count - Self.perUser] + Self.window }
        if let failures = byAddress[address], failures.count >= Self.perAddress {
            let a = failures[failures.count - Self.perAddress] + Self.window
            until = max(until ?? a, a)
        }
        return until
    }

    public func recordFailure(user: String, address: String) {
        let t = now()
        byUser[user, default: []].append(t)
        byAddress[address, default: []].append(t)
    }

    public func recordSuccess(user: String) {
        byUser[user] = nil
    }

    private func prune(at t: Date) {
        let cutoff = t - Self.window
        byUser = byUser.compactMapValues { dates in let kept = dates.filter { $0 > cutoff }; return kept.isEmpty ? nil : kept }
        byAddress = byAddress.compactMapValues { dates in let kept = dates.filter { $0 > cutoff }; return kept.isEmpty ? nil : kept }
    }
}
