import Foundation
import Records

/// The depot web's sessions, in the server's memory: a restart signs everybody out, which is the
/// safe direction. A session ends after `idleLimit` without a request, after `lifetime` whatever
/// happens, on sign-out, and when the book is full (the oldest goes first).
public actor SessionBook {
    public static let idleLimit: TimeInterval = 30 * 60
    public static let lifetime: TimeInterval = 12 * 3600
    public static let capacity = 10_000

    private var sessions: [String: ConsoleSession] = [:]
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// A new session for `user`.
    public func open(user: String, role: DepotUser.Role, credential: String = "") -> ConsoleSession {
        let t = now()
        expire(at: t)
        if sessions.count >= Self.capacity, let oldest = sessions.values.min(by: { $0.createdAt < $1.createdAt }) {
            sessions[oldest.token] = nil
        }
        let session = ConsoleSession(token: ConsoleSession.randomToken(), user: user, role: role, csrfToken: ConsoleSession.randomToken(),
                                     credential: credential, createdAt: t, lastSeen: t)
        sessions[session.token] = session
        return session
    }

    /// The live session with this token (its idle clock restarted), nil when there is none.
    public func session(token: String) -> ConsoleSession? {
        let t = now()
        guard var session = sessions[token] else { return nil }
        guard Self.isLive(session, at: t) else {
            sessions[token] = nil
            return nil
        }
        session.lastSeen = t
        sessions[token] = session
        return session
    }

    public func close(token: String) {
        sessions[token] = nil
    }

    static func isLive(_ s: ConsoleSession, at t: Date) -> Bool {
        t.timeIntervalSince(s.lastSeen) < idleLimit && t.timeIntervalSince(s.createdAt) < lifetime
    }

    private func expire(at t: Date) {
        sessions = sessions.filter { Self.isLive($0.value, at: t) }
    }
}
