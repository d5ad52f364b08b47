import Dispatch
import Foundation
import Records
import StorageModel
import Synchronization

/// Signs users in and out of the depot web: throttled per user and per address
/// (`SignInThrottle`), the password checked against its scrypt hash one check at a time on a
/// queue of its own (each check takes 128 MiB and a third of a second; the server's threads never
/// wait on it), every attempt written to the audit log. An unknown name costs the same check as
/// a known one against a decoy hash, so timing does not tell which names exist.
public struct SignInDesk: Sendable {
    public let archive: any DepotArchive
    public let sessions: SessionBook
    public let throttle: SignInThrottle
    let hasher: PasswordHasher
    let now: @Sendable () -> Date
    let decoy: Decoy

    public enum Outcome: Sendable {
        case signedIn(ConsoleSession)
        /// `message` for the page (never which of name or password was wrong); `retryAfter` when throttled.
        case refused(message: String, retryAfter: Date?)
    }

    public init(archive: any DepotArchive, sessions: SessionBook = SessionBook(), throttle: SignInThrottle = SignInThrottle(),
                hasher: PasswordHasher = PasswordHasher(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive
        self.sessions = sessions
        self.throttle = throttle
        self.hasher = hasher
        self.now = now
        decoy = Decoy(hasher: hasher)
    }

    /// The longest user name and password looked at (longer input is refused unread).
    public static let maxInputLength = 256

    public func signIn(user rawUser: String, password: String, address: String) async throws -> Outcome {
        let user = String(rawUser.prefix(Self.maxInputLength))
        if let until = await throttle.retryAfter(user: user, address: address) {
            try await audit(user: user, address: address, .signInRefused, "throttled until \(Timestamp.rfc3339(until))")
            return .refused(message: "Too many failed sign-ins. Try again after \(Timestamp.rfc3339(until)) (UTC).", retryAfter: until)
        }
        let known = try await archive.user(named: user)
        let stored = known?.passwordHash ?? decoy.hash
        let matches = password.utf8.count <= Self.maxInputLength && !user.isEmpty ? await Self.check(password, against: stored) : false
        guard let known, matches else {
            await throttle.recordFailure(user: user, address: address)
            try await audit(user: user, address: address, .signInRefused, known == nil ? "unknown user" : "wrong password")
            return .refused(message: "The user name or the password is wrong.", retryAfter: nil)
        }
        await throttle.recordSuccess(user: user)
        let session = await sessions.open(user: known.name, role: known.role)
        try await audit(user: known.name, address: address, .signIn, "role \(known.role.rawValue)")
        return .signedIn(session)
    }

    public func signOut(_ session: ConsoleSession, address: String) async throws {
        await sessions.close(token: session.token)
        try await audit(user: session.user, address: address, .signOut, "")
    }

    /// Writes one line to the audit log at the desk's clock.
    public func audit(user: String, address: String, _ event: AuditEntry.Event, _ detail: String) async throws {
        try await archive.recordAudit(AuditEntry(at: Timestamp.rfc3339(now()), user: DisplayString.sanitize(user) ?? "?", address: address,
                                                 event: event, detail: detail))
    }

    /// The one queue password checks run on, in turn.
    static let checks = DispatchQueue(label: "expunge-depot.password-check", qos: .userInitiated)

    static func check(_ password: String, against stored: String) async -> Bool {
        await withCheckedContinuation { continuation in
            checks.async { continuation.resume(returning: PasswordHasher.verify(password, against: stored)) }
        }
    }

    /// A hash of a random password with the desk's parameters, made on first use.
    final class Decoy: Sendable {
        let hasher: PasswordHasher
        private let made = Mutex<String?>(nil)

        init(hasher: PasswordHasher) { self.hasher = hasher }

        var hash: String {
            made.withLock { value in
                if let value { return value }
                let fresh = (try? hasher.hash(ConsoleSession.randomToken())) ?? "$scrypt$ln=\(hasher.logN),r=\(hasher.r),p=\(hasher.p)$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                value = fresh
                return fresh
            }
        }
    }
}
