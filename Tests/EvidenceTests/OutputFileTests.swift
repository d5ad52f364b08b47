import Evidence
import Foundation
import Testing

@Suite("Output files: checked writes, nothing partial")
struct OutputFileTests {
    @Test func writingToDevFullFailsWithTheReason() throws {
        let out = try OutputFile(path: "/dev/full")
        do {
            try out.write("report\n")
            try out.commit()
            Issue.record("/dev/full accepted the report")
        } catch {
            #expect(error.exitStatus == .failed)
            #expect(error.message == "cannot write /dev/full: No space left on device (ENOSPC)")
        }
    }

    @Test func aDiscardedOutputLeavesNeitherTargetNorTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try OutputFile(path: dir + "/r.csv")
        try out.write("half")
        out.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        let ok = try OutputFile(path: dir + "/r.csv")
        try ok.write("whole\n")
        try ok.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["r.csv"])
        #expect(try String(contentsOfFile: dir + "/r.csv", encoding: .utf8) == "whole\n")
    }
}
