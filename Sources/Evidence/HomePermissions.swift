import BlockIO
import Glibc
import StorageModel

/// The safety check of `$EXPUNGE_HOME` before anything is written there: the home itself,
/// `ledger/`, `journal/`, `keys/` and `records.sqlite` must belong to the running user and must
/// not be writable by group or others (whoever can write there can replace evidence or the
/// station key). Missing entries are fine (they are created with safe modes). A
/// `records.sqlite` that is a directory, not a regular file, or empty (0 bytes) is reported as
/// what it is. Failures are `ExpungeError`s with exit status 77 (65 for a file that is not a
/// record store) and the `chmod`/`chown` command that fixes them.
public struct HomePermissions: Sendable {
    public let home: ExpungeHome
    /// The user that must own everything (the effective user by default).
    public let owner: UInt32

    public init(home: ExpungeHome, owner: UInt32 = geteuid()) {
        self.home = home
        self.owner = owner
    }

    /// Throws the first problem found, in the order home, keys, ledger, journal, records.sqlite.
    public func check() throws(ExpungeError) {
        for directory in [home.root, home.keys, home.ledger, home.journal] {
            guard let status = Self.status(directory) else { continue }
            guard status.isDirectory else {
                throw ExpungeError(.permission, "\(Self.show(directory)) is not a directory",
                                    remedy: "move it aside; Expunge keeps its state in directories under EXPUNGE_HOME")
            }
            try checkOwnerAndMode(directory, status)
        }
        let records = home.root + "/records.sqlite"
        guard let status = Self.status(records) else { return }
        if status.isDirectory {
            throw ExpungeError(.badInput, "the record store \(Self.show(records)) is a directory, not a database file",
                                remedy: "move it aside and run `expunge records rebuild` (the signed files are the source of truth)")
        }
        guard status.isRegularFile else {
            throw ExpungeError(.badInput, "the record store \(Self.show(records)) is not a regular file",
                                remedy: "move it aside and run `expunge records rebuild`")
        }
        try checkOwnerAndMode(records, status)
        if status.size == 0 {
            throw ExpungeError(.badInput, "the record store \(Self.show(records)) is empty (0 bytes): not a database",
                                remedy: "remove it and run `expunge records rebuild` (the signed files are the source of truth; imported assets must be imported again)")
        }
    }

    func checkOwnerAndMode(_ path: String, _ status: FileStatus) throws(ExpungeError) {
        if status.owner != owner {
            throw ExpungeError(.permission, "\(Self.show(path)) belongs to uid \(status.owner), not to the running user (uid \(owner))",
                                remedy: "chown \(owner) \(Self.show(path)), or run as its owner")
        }
        if status.permissions & 0o022 != 0 {
            throw ExpungeError(.permission,
                                "\(Self.show(path)) is writable by \(status.permissions & 0o020 != 0 ? "its group" : "others") (mode \(String(status.permissions, radix: 8)))",
                                remedy: "chmod go-w \(Self.show(path)), and check its contents were not altered")
        }
    }

    /// Follows a symbolic link (`stat`), as every open of the path does; nil when missing.
    static func status(_ path: String) -> FileStatus? {
        try? SystemCall.fileStatus(path: path)
    }

    static func show(_ path: String) -> String { DisplayString.sanitize(path) ?? "?" }
}

extension ExpungeHome {
    /// Refuses a home that others could tamper with (see `HomePermissions`).
    public func checkPermissions() throws(ExpungeError) {
        try HomePermissions(home: self).check()
    }
}
