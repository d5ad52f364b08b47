import Foundation
import Dispatch
import RecordStoreContract
import RecordsSQLite
import StorageModel
import Synchronization
import Testing

@Suite("SQLite store: locks and corruption")
struct SQLiteFailureTests {
    @Test func lockedStoreIsAClearErrorAndNothingIsWritten() async throws {
        let t = try TemporaryStore()
        let path = t.directory + "/records.sqlite"
        let other = try SQLiteRecordStore(path: path, busyTimeout: 0.2)
        // Another writer holds the write lock: its import blocks inside its transaction until released.
        let holding = Atomic<Bool>(false)
        let release = DispatchSemaphore(value: 0)
        let holder = Task {
            try await t.store.importAssets([Fixtures.asset("HOLDER")]) { _ in
                holding.store(true, ordering: .releasing)
                release.wait()
            }
        }
        while !holding.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(10)) }
        await #expect {
            try await other.importAssets([Fixtures.asset("BLOCKED")]) { _ in }
        } throws: { error in
            let e = error as? ExpungeError
            return e?.message.contains("locked by another process") == true && e?.remedy != nil
        }
        release.signal()
        try await holder.value
        #expect(try await t.store.asset("HOLDER") != nil)
        #expect(try await t.store.asset("BLOCKED") == nil)
    }

    @Test func corruptStoreIsAClearError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-corrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: dir + "/records.sqlite"))
        #expect {
            _ = try SQLiteRecordStore(path: dir + "/records.sqlite")
        } throws: { error in
            let e = error as? ExpungeError
            return e?.message.contains("corrupt") == true && e?.remedy?.contains("records rebuild") == true
        }
    }
}
