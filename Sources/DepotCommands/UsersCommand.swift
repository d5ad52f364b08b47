import ArgumentParser
import BlockIO
import Depot
import Foundation
import Glibc
import Records
import StorageModel

extension DepotUser.Role: ExpressibleByArgument {}

/// `expunge-depot user`: people who sign in to the depot web.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add users, change their passwords, list them (for the depot web).",
        discussion: "Passwords are stored as scrypt hashes (N=2^17, r=8, p=1, 16-byte salt) in a self-describing string; never in clear.",
        subcommands: [UserAddCommand.self, UserPasswdCommand.self, UserListCommand.self])
}

/// How a password is read: one line from stdin with --password-stdin, else asked twice on the terminal.
struct PasswordInput: ParsableArguments {
    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of stdin.")
    var fromStandardInput = false

    func read() throws -> String {
        let password: String
        if fromStandardInput {
            password = readLine(strippingNewline: true) ?? ""
        } else {
            guard SystemCall.isTerminal(0) else {
                throw ExpungeError(.usage, code: "no-terminal", "no terminal to ask the password on", remedy: "pipe it in with --password-stdin")
            }
            guard let first = getpass("Password: ").map({ String(cString: $0) }),
                  let second = getpass("Password again: ").map({ String(cString: $0) }), first == second else {
                throw ExpungeError(.usage, code: "password-mismatch", "the two passwords differ", remedy: "type the same password twice")
            }
            password = first
        }
        guard password.count >= PasswordHasher.minimumLength else {
            throw ExpungeError(.usage, code: "password-too-short", "the password is shorter than \(PasswordHasher.minimumLength) characters",
                               remedy: "choose a longer passphrase")
        }
        return password
    }
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user with a role (technician, auditor, compliance or admin).")

    @Argument(help: "The user's sign-in name.")
    var name: String

    @Option(name: .long, help: "technician, auditor, compliance or admin (Docs/depot.md lists what each may do).")
    var role: DepotUser.Role

    @OptionGroup var password: PasswordInput
    @OptionGroup var depot: DepotOptions

    func validate() throws {
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw ValidationError("the user name must be 1–64 printable ASCII characters without spaces")
        }
    }

    func run() async throws {
        let hash = try PasswordHasher().hash(try password.read())
        do {
            try await depot.withDepot { opened in
                try await opened.archive.addUser(DepotUser(name: name, passwordHash: hash, role: role, createdAt: Timestamp.rfc3339(Date())))
            }
        } catch DepotArchiveError.userExists {
            throw ExpungeError(.failed, code: "user-exists", "there is already a user \(name)", remedy: "change the password with `expunge-depot user passwd \(name)`")
        }
        Terminal.out("Added \(name) (\(role.rawValue)).")
    }
}

struct UserPasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password.")

    @Argument(help: "The user's sign-in name.")
    var name: String

    @OptionGroup var password: PasswordInput
    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let known = try await depot.withDepot { try await $0.archive.user(named: name) != nil }
        guard known else {
            throw ExpungeError(.failed, code: "unknown-user", "there is no user \(DisplayString.sanitize(name) ?? "?")", remedy: "see `expunge-depot user list`")
        }
        let hash = try PasswordHasher().hash(try password.read())
        guard try await depot.withDepot({ try await $0.archive.setPassword(user: name, passwordHash: hash) }) else {
            throw ExpungeError(.failed, code: "unknown-user", "there is no user \(DisplayString.sanitize(name) ?? "?")", remedy: "see `expunge-depot user list`")
        }
        Terminal.out("Password of \(name) changed.")
    }
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles (never their hashes).")

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var depot: DepotOptions

    struct Row: Encodable {
        let name: String
        let role: String
        let createdAt: String
        enum CodingKeys: String, CodingKey { case name, role, createdAt = "created_at" }
    }

    func run() async throws {
        let rows = try await depot.withDepot { try await $0.archive.users().map { Row(name: $0.name, role: $0.role.rawValue, createdAt: $0.createdAt) } }
        if json {
            Terminal.out(try PrettyJSON.encode(rows))
        } else if rows.isEmpty {
            Terminal.out("No users. Add one with `expunge-depot user add NAME --role admin`.")
        } else {
            for r in rows { Terminal.out(r.name.padding(toLength: 24, withPad: " ", startingAt: 0) + r.role.padding(toLength: 12, withPad: " ", startingAt: 0) + r.createdAt) }
        }
    }
}
