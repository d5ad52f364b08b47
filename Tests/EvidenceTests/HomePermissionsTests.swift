import Evidence
import Foundation
import Glibc
import StorageModel
import Testing
import TestSupport

@Suite("EXPUNGE_HOME permissions")
struct HomePermissionsTests {
    func home() throws -> ExpungeHome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-perm-\(UUID().uuidString)").path
        for d in [root, root + "/keys", root + "/ledger", root + "/journal"] {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return ExpungeHome(root: root)
    }

    func failure(_ home: ExpungeHome) -> ExpungeError? {
        do { try home.checkPermissions(); return nil } catch { return error }
    }

    @Test func aSafeHomePasses() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.root) }
        #expect(failure(h) == nil)
        #expect(failure(ExpungeHome(root: h.root + "/not-yet")) == nil, "a home not created yet is fine")
    }

    @Test(arguments: ["", "/keys", "/ledger", "/journal"])
    func aGroupOrOtherWritableDirectoryIsRefusedWithTheChmodRemedy(sub: String) throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.root) }
        for mode: mode_t in [0o720, 0o702] {
            chmod(h.root + sub, mode)
            let e = try #require(failure(h))
            #expect(e.exitStatus == .permission)
            #expect(e.remedy?.hasPrefix("chmod go-w \(h.root + sub)") == true)
            chmod(h.root + sub, 0o700)
        }
    }

    @Test func aWritableRecordStoreIsRefused() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.root) }
        let db = h.root + "/records.sqlite"
        try Data([1]).write(to: URL(fileURLWithPath: db))
        chmod(db, 0o666)
        let e = try #require(failure(h))
        #expect(e.exitStatus == .permission && e.remedy?.hasPrefix("chmod go-w \(db)") == true)
    }

    @Test(.enabled(if: geteuid() == 0, "changing the owner needs root"))
    func anotherUsersDirectoryIsRefusedWithTheChownRemedy() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.root) }
        chown(h.ledger, 4242, 4242)
        let e = try #require(failure(h))
        #expect(e.exitStatus == .permission)
        #expect(e.message.contains("belongs to uid 4242"))
        #expect(e.remedy?.hasPrefix("chown \(geteuid()) \(h.ledger)") == true)
    }

    @Test func anEmptyOrDirectoryRecordStoreIsReportedAsWhatItIs() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.root) }
        let db = h.root + "/records.sqlite"
        #expect(FileManager.default.createFile(atPath: db, contents: nil, attributes: [.posixPermissions: 0o600]))
        var e = try #require(failure(h))
        #expect(e.message.contains("is empty (0 bytes)") && e.exitStatus == .badInput)
        try FileManager.default.removeItem(atPath: db)
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        e = try #require(failure(h))
        #expect(e.message.contains("is a directory") && e.exitStatus == .badInput)
    }
}
