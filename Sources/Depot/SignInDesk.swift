import Dispatch
import Evidence
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
    /// Password checks queued or running (shared by the desk's copies).
    let pending = Counter()

    final class Counter: Sendable {
        let value = Mutex(0)
    }

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

    /// The most password checks waiting for the queue; past it a sign-in is refused as busy.
    public static let maxPendingChecks = 8

    public func signIn(user rawUser: String, password: String, address: String) async throws -> Outcome {
        let user = String(rawUser.prefix(Self.maxInputLength))
        if let until = await throttle.begin(user: user, address: address) {
            if await throttle.shouldAuditRefusal(user: user, address: address) {
                try await audit(user: user, address: address, .signInRefused, "throttled until \(Timestamp.rfc3339(until))")
            }
            return .refused(message: "Too many sign-in attempts. Try again after \(Timestamp.rfc3339(until)) (UTC).", retryAfter: until)
        }
        let ending = EndOnce(throttle: throttle, user: user, address: address)
        do {
            guard pending.value.withLock({ count in
                guard count < Self.maxPendingChecks else { return false }
                count += 1
                return true
            }) else {
                await ending.end(.notChecked)
                return .refused(message: "The depot is busy checking other sign-ins. Try again in a few seconds.", retryAfter: now() + 5)
            }
            defer { pending.value.withLock { $0 -= 1 } }
            let known = try await archive.user(named: user)
            let matches = password.utf8.count <= Self.maxInputLength && !user.isEmpty
                ? await Self.check(password, against: known?.passwordHash, decoy: decoy) : false
            guard let known, matches else {
                await ending.end(.failed)
                try await audit(user: user, address: address, .signInRefused, known == nil ? "unknown user" : "wrong password")
                return .refused(message: "The user name or the password is wrong.", retryAfter: nil)
            }
            await ending.end(.succeeded)
            let session = await sessions.open(user: known.name, role: known.role, credential: Self.credential(known))
            try await audit(user: known.name, address: address, .signIn, "role \(known.role.rawValue)")
            return .signedIn(session)
        } catch {
            await ending.end(.notChecked)
            throw error
        }
    }

    /// Ends a throttle reservation exactly once, whichever way the attempt leaves.
    final class EndOnce: Sendable {
        let throttle: SignInThrottle
        let user: String
        let address: String
        let ended = Mutex(false)

        init(throttle: SignInThrottle, user: String, address: String) {
            self.throttle = throttle
            self.user = user
            self.address = address
        }

        func end(_ ending: SignInThrottle.Ending) async {
            guard ended.withLock({ done in defer { done = true }; return !done }) else { return }
            await throttle.end(user: user, address: address, ending)
        }
    }

    /// The live session of `token`, checked against the user as the depot now holds them: a
    /// password or role changed (`expunge-depot user passwd`, in any process), or a user
    /// removed, ends every session opened before.
    public func liveSession(token: String) async throws -> ConsoleSession? {
        guard let session = await sessions.session(token: token) else { return nil }
        guard let user = try await archive.user(named: session.user), user.role == session.role, Self.credential(user) == session.credential else {
            await sessions.close(token: token)
            return nil
        }
        return session
    }

    /// What a session remembers of the credentials it was opened with: SHA-256 of the stored hash.
    static func credential(_ user: DepotUser) -> String { SHA256Digest.hex(Array(user.passwordHash.utf8)) }

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

    /// Checks on the queue; an unknown user's password against the decoy (made there too, on
    /// first use), so that no server thread ever waits on scrypt.
    static func check(_ password: String, against stored: String?, decoy: Decoy) async -> Bool {
        await withCheckedContinuation { continuation in
            checks.async {
                let matches = PasswordHasher.verify(password, against: stored ?? decoy.hash)
                continuation.resume(returning: stored != nil && matches)
            }
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
