import Evidence
import Foundation
import Glibc
import StorageModel
import Testing
import TestSupport

/// Ledger head, permissions, output errors and strict values through the `expunge` executable.
@Suite("reliability through the CLI", .enabled(if: Privileges.isRoot, Privileges.reason))
struct ReliabilityIntegrationTests {
    func wipe(_ home: StationHome, _ loop: ScratchLoopDevice, asset: String) throws {
        let r = try home.expunge(["wipe", loop.path, "--asset", asset, "--yes", "--progress", "none", "--verify", "sample"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    func removeNewest(_ home: StationHome) throws {
        let newest = try #require(try home.certificateFiles().last)
        try FileManager.default.removeItem(atPath: newest)
        try FileManager.default.removeItem(atPath: String(newest.dropLast(5)) + ".p7s")
    }

    /// `sh -c` with the test's environment, for redirections.
    func shell(_ home: StationHome, _ script: String) throws -> Shell.Result {
        try Shell.run("/bin/sh", ["-c", script], environment: ["NO_COLOR": "1", "EXPUNGE_HOME": home.root, "EXPUNGE": Shell.expunge])
    }

    @Test func theLedgerHeadIsAuthoritativeWhenCertificatesAreRemovedOrStateIsLost() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(4)) { loop in
            try wipe(home, loop, asset: "HEAD-1")
            let first = try #require(try home.certificateFiles().first)
            let firstSHA = SHA256Digest.hex([UInt8](try Data(contentsOf: URL(fileURLWithPath: first))))
            let head = try home.expunge(["ledger", "head", "--json"])
            #expect(head.status == 0, "\(head.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(head.stdout.utf8)) as? [String: Any])
            #expect(json["sequence"] as? Int == 1 && json["sha256"] as? String == firstSHA)
            #expect(json["station"] as? String == "IT-STATION" && json["document_id"] as? String == "IT-STATION-000001")
            #expect(json["rebuilt_at"] is NSNull)

            // Remove the newest pair and wipe again: the sequence is not reused, the gap shows.
            try removeNewest(home)
            try wipe(home, loop, asset: "HEAD-2")
            let second = try #require(try home.certificates().last)
            #expect(second["sequence"] as? Int == 2)
            #expect(second["previous_sha256"] as? String == firstSHA)
            let verify = try home.expunge(["verify", home.ledger, "--trust", home.trust])
            #expect(verify.status == 1)
            #expect(verify.stdout.contains("sequence 1 is missing") && !verify.stdout.contains("continuous"), "\(verify.stdout)")

            // Remove the newest again: verify reports the missing tail against state.json.
            try removeNewest(home)
            let tail = try home.expunge(["verify", home.ledger, "--trust", home.trust])
            #expect(tail.status == 1)
            #expect(tail.stdout.contains("sequences 1–2 are missing at the end: the ledger head (state.json) is sequence 2"), "\(tail.stdout)")

            // A lost state.json is rebuilt from the documents, and that is shown and recorded.
            try wipe(home, loop, asset: "HEAD-3")
            try FileManager.default.removeItem(atPath: home.ledger + "/state.json")
            let rebuilt = try home.expunge(["ledger", "head"])
            #expect(rebuilt.status == 0)
            #expect(rebuilt.stdout.contains("Sequence:  3") && rebuilt.stdout.contains("Rebuilt:") && rebuilt.stdout.contains("state.json was missing"), "\(rebuilt.stdout)")
            let events = try String(contentsOfFile: home.ledger + "/events.log", encoding: .utf8)
            #expect(events.contains("\"event\":\"head-rebuilt\"") && events.contains("\"sequence\":3"))
        }
    }

    @Test func anUnsafeHomeIsRefusedWithExit77AndTheRemedy() throws {
        let home = try StationHome()
        #expect(try home.expunge(["asset", "list"]).status == 0)
        try FileManager.default.createDirectory(atPath: home.ledger, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        chmod(home.ledger, 0o770)
        var r = try home.expunge(["asset", "list"])
        #expect(r.status == 77)
        #expect(r.stderr.contains("writable by its group") && r.stderr.contains("remedy: chmod go-w \(home.ledger)"), "\(r.stderr)")
        r = try home.expunge(["dispose", "X", "--route", "landfill", "--recipient", "R"])
        #expect(r.status == 77)
        chmod(home.ledger, 0o700)
        chown(home.root + "/keys", 4242, 4242)
        r = try home.expunge(["ledger", "head"])
        #expect(r.status == 77 && r.stderr.contains("remedy: chown 0 \(home.root)/keys"), "\(r.stderr)")
        chown(home.root + "/keys", 0, 0)
        #expect(try home.expunge(["ledger", "head"]).status == 0)
    }

    @Test func anEmptyOrDirectoryRecordStoreIsReportedAsWhatItIs() throws {
        let home = try StationHome()
        let db = home.root + "/records.sqlite"
        #expect(FileManager.default.createFile(atPath: db, contents: nil, attributes: [.posixPermissions: 0o600]))
        var r = try home.expunge(["asset", "list"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("is empty (0 bytes)") && !r.stderr.contains("run as root"), "\(r.stderr)")
        try FileManager.default.removeItem(atPath: db)
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        r = try home.expunge(["asset", "list"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("is a directory") && !r.stderr.contains("run as root"), "\(r.stderr)")
    }

    @Test func reportsAndPacksToAFullDeviceFailWithNothingPartial() throws {
        let home = try StationHome()
        try "asset_id,category,weight_kg\nFULL-1,Laptop,1.5\n".write(toFile: home.root + "/a.csv", atomically: true, encoding: .utf8)
        #expect(try home.expunge(["asset", "import", home.root + "/a.csv"]).status == 0)
        #expect(try home.expunge(["dispose", "FULL-1", "--route", "landfill", "--recipient", "R"]).status == 0)
        let stdout = try shell(home, "\"$EXPUNGE\" report gdpr > /dev/full")
        #expect(stdout.status == 1)
        #expect(stdout.stderr.contains("cannot write standard output: No space left on device"), "\(stdout.stderr)")
        for args in [["report", "gdpr", "-o", "/dev/full"], ["report", "csrd", "--format", "html", "-o", "/dev/full"],
                     ["report", "evidence-pack", "-o", "/dev/full"]] {
            let r = try home.expunge(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("cannot write /dev/full: No space left on device"), "\(args): \(r.stderr)")
        }
    }

    @Test func reportsAndPacksToAFullFileSystemFailAndLeaveTheOldFileAlone() throws {
        let home = try StationHome()
        try "asset_id,category,weight_kg\nFULL-1,Laptop,1.5\n".write(toFile: home.root + "/a.csv", atomically: true, encoding: .utf8)
        #expect(try home.expunge(["asset", "import", home.root + "/a.csv"]).status == 0)
        #expect(try home.expunge(["dispose", "FULL-1", "--route", "landfill", "--recipient", "R"]).status == 0)
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mount) }
        let mounted = try Shell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount])
        try #require(mounted.status == 0, "\(mounted.stderr)")
        defer { _ = try? Shell.run("/bin/umount", [mount]) }

        try "old report\n".write(toFile: mount + "/report.csv", atomically: false, encoding: .utf8)
        try "old pack\n".write(toFile: mount + "/pack.zip", atomically: false, encoding: .utf8)
        _ = try Shell.run("/bin/dd", ["if=/dev/zero", "of=\(mount)/filler", "bs=4096"])  // fills it; dd ends with ENOSPC
        for (args, target) in [(["report", "gdpr", "--format", "html", "-o", mount + "/report.csv"], "report.csv"),
                               (["report", "evidence-pack", "-o", mount + "/pack.zip"], "pack.zip")] {
            let r = try home.expunge(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"))
            #expect(try String(contentsOfFile: mount + "/" + target, encoding: .utf8).hasPrefix("old "), "the old file is untouched")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount).sorted() == ["filler", "pack.zip", "report.csv"], "no temporary file left")
    }

    @Test func badValuesAreRefusedAndErrorsNeverEchoControlCharactersOrLibraryDomains() throws {
        let home = try StationHome()
        func clean(_ r: Shell.Result) -> Bool {
            !r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E } && !r.stderr.contains("NSCocoaErrorDomain")
        }
        try "asset_id,category,weight_kg,model\nV-1,Laptop,1.5,M\nV-2,Laptop,0x10,M\nV-3,Laptop,1,\"M\u{1B}[31m\"\n"
            .write(toFile: home.root + "/a.csv", atomically: true, encoding: .utf8)
        let imported = try home.expunge(["asset", "import", home.root + "/a.csv"])
        #expect(imported.status == 65 && clean(imported))
        #expect(imported.stderr.contains("line 3: weight_kg \"0x10\" is not a decimal number") && imported.stderr.contains("line 4: model contains the control character U+001B"))
        #expect(try home.expunge(["asset", "import", "--partial", home.root + "/a.csv"]).status == 0)

        let cases: [([String], Int32)] = [
            (["report", "gdpr", "--from", "2026-02-30"], 64),
            (["report", "gdpr", "--to", "2026-02-30\u{1B}[2J"], 64),
            (["dispose", "V-1", "--route", "landfill", "--recipient", "R", "--date", "2026-02-30"], 65),
            (["dispose", "V-1", "--route", "landfill", "--recipient", "R", "--weight-kg", "0x10"], 64),
            (["dispose", "V-1", "--route", "recycling", "--recipient", "R", "--media-destroyed", ""], 64),
            (["dispose", "V-1", "--route", "recycling", "--recipient", "R", "--media-destroyed", "   "], 64),
            (["dispose", "V-1", "--route", "landfill", "--recipient", "R\u{1B}]0;owned\u{7}"], 64),
            (["dispose", "V-1", "--route", "landfill", "--recipient", "R", "--operator", "op\u{202E}1"], 64),
            (["wipe", "/dev/null", "--asset", "V-1", "--customer", "Acme\u{1B}[31m", "--yes"], 64),
            (["wipe", "/dev/null", "--asset", "V-1", "--operator", "\u{9B}31m", "--yes"], 64),
            (["wipe", "/dev/null", "--asset", "V-1", "--scheme", "x\u{1B}[2J", "--yes"], 64),
            (["report", "evidence-pack", "-o", home.root + "/no-such-dir/p.zip"], 1),
            (["verify", home.root + "/a.csv\u{1B}[2J.zip"], 65),
        ]
        for (args, status) in cases {
            let r = try home.expunge(args)
            #expect(r.status == status, "\(args): \(r.stderr)")
            #expect(clean(r), "\(args): \(r.stderr.debugDescription)")
        }
        #expect(try home.certificateFiles().isEmpty, "nothing was signed")
    }

    @Test func aHomeThatCannotStoreTheEvidenceRefusesBeforeTheFirstByte() async throws {
        let home = try StationHome()
        // The ledger lives on a 128 KiB tmpfs: less than one attempt's evidence reservation.
        let ledger = home.ledger
        try FileManager.default.createDirectory(atPath: ledger, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let mounted = try Shell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=128k,mode=0700", "tmpfs", ledger])
        try #require(mounted.status == 0, "\(mounted.stderr)")
        defer { _ = try? Shell.run("/bin/umount", [ledger]) }
        try await ScratchLoopDevice.with(size: .mebibytes(8), fillRandom: true) { loop in
            let before = try Data(contentsOf: loop.backingFile)
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-SPACE", "--yes", "--progress", "none", "--json"])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("nothing was written"), "\(r.stderr)")
            #expect(r.stdout.contains("evidence-space"), "the JSON result names the reason")
            #expect(try Data(contentsOf: loop.backingFile) == before, "the device is untouched")
            #expect(try home.certificateFiles().isEmpty)
            let attempts = try home.expunge(["attempts", "--json"])
            #expect(attempts.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" ||
                    !attempts.stdout.contains("attempt_id"), "nothing journalled: \(attempts.stdout)")
        }
    }

    @Test func theLoserOfTwoWipesOnOneDeviceWritesNoEvidence() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(16)) { loop in
            // While the first wipe holds the device (between its last flush and its verification),
            // a second wipe of the same device is started and must leave no trace.
            let hook = loop.directory.appendingPathComponent("second-wipe.sh").path
            let second = loop.directory.appendingPathComponent("second.out").path
            try "#!/bin/sh\n\"\(Shell.expunge)\" wipe \"$1\" --asset IT-RACE-2 --yes --progress none > \(second) 2>&1; echo \"exit $?\" >> \(second)\n"
                .write(toFile: hook, atomically: true, encoding: .utf8)
            chmod(hook, 0o755)
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-RACE-1", "--yes", "--progress", "none"],
                                     environment: ["EXPUNGE_TEST_HOOK_BEFORE_VERIFY": hook])
            #expect(r.status == 0, "\(r.stderr)")
            let loser = try String(contentsOfFile: second, encoding: .utf8)
            #expect(loser.contains("exit 1"), "\(loser)")
            #expect(loser.contains("nothing was written"), "\(loser)")
            let certificates = try home.certificates()
            #expect(certificates.count == 1, "only the winner is certified")
            #expect(certificates.first?["asset_id"] as? String == "IT-RACE-1")
            let attempts = try home.expunge(["attempts", "--json"])
            #expect(!attempts.stdout.contains("IT-RACE-2"), "the loser journalled nothing")
        }
    }

    @Test func certificatesMissingFromTheIndexAreIndexedByTheNextCommandAndReportsRefuseWhatCannotBe() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(8)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-IDX-1", "--yes", "--progress", "none"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // The store is lost (or was locked when the certificate was written).
        try FileManager.default.removeItem(atPath: home.root + "/records.sqlite")
        let listed = try home.expunge(["asset", "list", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("IT-IDX-1"), "the next command indexed the certificate: \(listed.stdout)")
        let gdpr = try home.expunge(["report", "gdpr", "--format", "csv"])
        #expect(gdpr.stdout.contains("IT-IDX-1"))

        // A document that cannot be indexed (it no longer verifies) blocks reports instead of being left out.
        let file = try #require(try home.certificateFiles().first)
        try FileManager.default.removeItem(atPath: home.root + "/records.sqlite")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "IT-IDX-1", with: "IT-IDX-9")
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        let report = try home.expunge(["report", "gdpr", "--format", "csv"])
        #expect(report.status == 65, "\(report.stderr)")
        #expect(report.stderr.contains("behind the ledger"), "\(report.stderr)")
    }

    /// Killed (SIGKILL, as a power cut) at each step between the journal and the certificate: after
    /// recovery there is exactly one certificate for the attempt and the ledger verifies.
    @Test(arguments: ["journal-written", "pass-done", "signature-written", "document-written", "journal-completed"])
    func aCrashAtAnyStepEndsWithOneCertificatePerAttempt(_ step: String) async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(8)) { loop in
            let crashed = try home.expunge(["wipe", loop.path, "--asset", "IT-CRASH", "--yes", "--progress", "none"],
                                           environment: ["EXPUNGE_TEST_CRASH_AT": step])
            #expect(crashed.status != 0, "\(step): the process was killed")
            let recovered = try home.expunge(["attempts", "--recover"])
            #expect(recovered.status == 0, "\(step): \(recovered.stderr)")
            // A second recovery, and a new wipe, never add a certificate for the same attempt.
            _ = try home.expunge(["attempts", "--recover"])
            let certificates = try home.certificates()
            let attempts = certificates.compactMap { $0["attempt_id"] as? String }
            #expect(certificates.count == 1, "\(step): one certificate, got \(certificates.count)")
            #expect(Set(attempts).count == attempts.count, "\(step): no attempt certified twice")
            // Before the outcome is known the attempt is interrupted; once it is recorded (before any
            // certificate is attempted), recovery certifies the real result.
            let expected = ["journal-written", "pass-done"].contains(step) ? "interrupted" : "passed"
            #expect(certificates.first?["result"] as? String == expected, "\(step)")
            let verified = try home.expunge(["verify", home.ledger, "--trust", home.trust])
            #expect(verified.status == 0, "\(step): \(verified.stdout)\(verified.stderr)")
            let listed = try home.expunge(["attempts", "--json"])
            #expect(!listed.stdout.contains("\"in-progress\"") && !listed.stdout.contains("\"uncertified\""), "\(step): \(listed.stdout)")
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: home.ledger)).contains { $0.hasSuffix(".p7s") && !FileManager.default.fileExists(atPath: home.ledger + "/" + $0.dropLast(4) + ".json") },
                    "\(step): no orphan signature")
        }
    }
}
