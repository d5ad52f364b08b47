import Foundation
import StorageModel
import Testing
import TestSupport

/// Real wipes on loop devices the tests create, through the `expunge` executable.
@Suite("wipe on real loop devices", .enabled(if: Privileges.isRoot, Privileges.reason))
struct WipeIntegrationTests {
    struct Results: Decodable {
        struct Item: Decodable {
            let device: String
            let result: String
            let exit_status: Int32
            let certificate_id: String?
            let certificate_path: String?
            let outcome: Outcome
        }
        struct Outcome: Decodable {
            let reasons: [String]
            let verification: Verification
        }
        struct Verification: Decodable {
            let mode: String
            let coverage: Double
            let bytes_compared: UInt64
            let mismatched_blocks: UInt64
            let first_mismatch_offsets: [UInt64]
            let seed: String?
            let samples: Int?
        }
        let results: [Item]
    }

    func decode(_ r: Shell.Result) throws -> Results {
        do { return try JSONDecoder().decode(Results.self, from: Data(r.stdout.utf8)) } catch {
            Issue.record("cannot decode wipe --json (exit \(r.status)): \(r.stderr)")
            throw error
        }
    }

    @Test func randomDataIsGoneAndTheCertificateVerifiesEverywhere() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(48), fillRandom: true) { loop in
            let before = try loop.contents()
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0001", "--yes", "--json", "--operator", "tester", "--progress", "none"])
            #expect(r.status == 0, "\(r.stderr)")
            let item = try #require(try decode(r).results.first)
            #expect(item.result == "passed")
            #expect(item.outcome.verification.mode == "full")
            #expect(item.outcome.verification.coverage == 1)
            #expect(item.outcome.verification.bytes_compared == 48 << 20)

            // No 4 KiB block of the original content survives anywhere on the device.
            let after = try loop.contents()
            let block = 4096
            var original = Set<Data>()
            for o in stride(from: 0, to: before.count, by: block) { original.insert(before[o..<(o + block)]) }
            var survivors = 0
            for o in stride(from: 0, to: after.count, by: block) where original.contains(after[o..<(o + block)]) { survivors += 1 }
            #expect(survivors == 0)

            // The certificate verifies with Expunge, with stock OpenSSL, and against the schema.
            let files = try home.certificateFiles()
            #expect(files.count == 1)
            let verify = try home.expunge(["verify", home.ledger, "--trust", home.trust])
            #expect(verify.status == 0, "\(verify.stdout)")
            #expect(try home.opensslProblem(files[0]) == nil)
            let schemaProblems = try SchemaValidator.errors(files: files, schema: SchemaValidator.schema("Certificates/schema/wipe-certificate.schema.json"))
            #expect(schemaProblems == nil, "\(schemaProblems ?? "")")
            let cert = try #require(try home.certificates().first)
            #expect(cert["asset_id"] as? String == "IT-0001")
            #expect(cert["operator_id"] as? String == "tester")
            #expect((cert["device"] as? [String: Any])?["loop_backing_file"] as? String == loop.backingFile.path)

            // A second tool regenerates what was written from the certificate alone: stock
            // `openssl enc -aes-128-ctr` over zeros under the recorded key and counter block
            // (Docs/auditor.md, "Independent re-verification of the medium").
            let pass = try #require(((cert["sanitization"] as? [String: Any])?["passes"] as? [[String: Any]])?.first)
            let key = try #require(pass["aes_128_ctr_key"] as? String), iv = try #require(pass["aes_128_ctr_iv"] as? String)
            #expect(pass["aes_256_ctr_key"] == nil)
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-keystream-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let zeros = work.appendingPathComponent("zeros"), stream = work.appendingPathComponent("stream")
            try Data(count: after.count).write(to: zeros)
            let enc = try Shell.run("/usr/bin/openssl", ["enc", "-aes-128-ctr", "-K", key, "-iv", iv, "-in", zeros.path, "-out", stream.path])
            #expect(enc.status == 0, "\(enc.stderr)")
            #expect(try Data(contentsOf: stream) == after, "the device holds openssl's AES-128-CTR keystream byte for byte")
        }
    }

    @Test func sampleVerificationRecordsSeedAndCoverage() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(64)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0002", "--yes", "--json", "--verify", "sample", "--pattern", "zero", "--progress", "none"])
            #expect(r.status == 0, "\(r.stderr)")
            let v = try #require(try decode(r).results.first).outcome.verification
            #expect(v.mode == "sample")
            #expect(v.coverage >= 0.10 && v.coverage < 0.5)
            #expect(v.seed != nil)
            #expect(v.samples == 2002)
            #expect(try loop.contents().allSatisfy { $0 == 0 })
            #expect(try home.evidenceProblems() == [])
        }
    }

    @Test func byteChangedBehindTheToolsBackIsCaughtByFullVerification() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(32)) { loop in
            // Between the flush and the verification reads, change one byte in the backing file.
            let hook = loop.directory.appendingPathComponent("tamper.sh").path
            try """
            #!/bin/sh
            printf '\\125' | dd of=\(loop.backingFile.path) bs=1 seek=20000000 conv=notrunc status=none
            """.write(toFile: hook, atomically: true, encoding: .utf8)
            chmod(hook, 0o755)
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0003", "--yes", "--json", "--pattern", "zero", "--progress", "none"],
                                     environment: ["EXPUNGE_TEST_HOOK_BEFORE_VERIFY": hook])
            #expect(r.status == 3, "exit 3: sanitized but verification failed; got \(r.status) \(r.stderr)")
            let item = try #require(try decode(r).results.first)
            #expect(item.result == "failed")
            #expect(item.outcome.reasons == ["verification-mismatch"])
            #expect(item.outcome.verification.mismatched_blocks == 1)
            #expect(item.outcome.verification.first_mismatch_offsets == [20_000_000 - 20_000_000 % 512])
            // The failed attempt is certified too, and the certificate says failed.
            let cert = try #require(try home.certificates().first)
            #expect(cert["result"] as? String == "failed")
            #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)
            #expect(try home.evidenceProblems() == [])
        }
    }

    @Test func mountedDeviceIsRefusedAndUntouched() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(32)) { loop in
            #expect(try Shell.run("/sbin/mkfs.ext4", ["-q", "-F", loop.path]).status == 0)
            let mnt = loop.directory.appendingPathComponent("mnt").path
            try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
            #expect(try Shell.run("/bin/mount", [loop.path, mnt]).status == 0)
            defer { _ = try? Shell.run("/bin/umount", [mnt]) }
            try "precious".write(toFile: mnt + "/data.txt", atomically: true, encoding: .utf8)
            _ = try Shell.run("/bin/sync", [])
            let before = try loop.contents()
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0004", "--yes", "--progress", "none"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("refusing to wipe; nothing was written"))
            #expect(r.stderr.contains("mounted"))
            #expect(try loop.contents() == before)
            #expect(try String(contentsOfFile: mnt + "/data.txt", encoding: .utf8) == "precious")
            #expect(!FileManager.default.fileExists(atPath: home.ledger), "no certificate for a wipe that never started")
        }
    }

    /// A hook that sends `signal` to the `expunge` process running it (its parent), between the
    /// last flush and the verification reads: the signal arrives mid-wipe, deterministically.
    func signalHook(_ loop: ScratchLoopDevice, _ signal: String) throws -> String {
        let hook = loop.directory.appendingPathComponent("signal-\(signal).sh").path
        try "#!/bin/sh\nkill -\(signal) $PPID\n".write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        return hook
    }

    @Test func sigintStopsCleanlyWithAnAbortedCertificateAndExit130() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(64)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0005", "--yes", "--scheme", "dod-5220-3pass", "--progress", "none"],
                                     environment: ["EXPUNGE_TEST_HOOK_BEFORE_VERIFY": try signalHook(loop, "INT")])
            #expect(r.status == 130, "\(r.stderr)")
            let cert = try #require(try home.certificates().first)
            #expect(cert["result"] as? String == "aborted")
            #expect(cert["reasons"] as? [String] == ["aborted-by-signal"])
            let verification = try #require(cert["verification"] as? [String: Any])
            #expect(verification["completed"] as? Bool == false, "stopped at a chunk boundary, not run to the end")
            #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)
            let attempts = try home.expunge(["attempts"])
            #expect(attempts.stdout.contains("aborted"))
            #expect(try home.evidenceProblems() == [])
        }
    }

    @Test func sigtermAlsoEndsAborted() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(32)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0010", "--yes", "--progress", "none"],
                                     environment: ["EXPUNGE_TEST_HOOK_BEFORE_VERIFY": try signalHook(loop, "TERM")])
            #expect(r.status == 130)
            #expect(try home.certificates().first?["result"] as? String == "aborted")
        }
    }

    @Test(arguments: ["HUP", "QUIT"])
    func hangupAndQuitEndAbortedAndCertifiedAtOnce(_ signal: String) async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(32)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0011", "--yes", "--progress", "none"],
                                     environment: ["EXPUNGE_TEST_HOOK_BEFORE_VERIFY": try signalHook(loop, signal)])
            #expect(r.status == 130, "SIG\(signal): \(r.stderr)")
            #expect(try home.certificates().first?["result"] as? String == "aborted")
            #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)
        }
    }

    @Test func aClosedProgressPipeNeverKillsTheWipe() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(32)) { loop in
            // Progress as JSON lines into a pipe whose reader has already gone.
            let script = "\"$0\" wipe \(loop.path) --asset IT-0012 --yes --progress json 2>&1 | true"
            _ = try Shell.run("/bin/sh", ["-c", script, Shell.expunge], environment: ["NO_COLOR": "1", "EXPUNGE_HOME": home.root])
            let cert = try #require(try home.certificates().first, "the wipe went on and certified its result")
            #expect(cert["result"] as? String == "passed")
        }
    }

    @Test func killedWipeIsListedAsInterruptedAndCertifiedOnRecovery() async throws {
        let home = try StationHome()
        try await ScratchLoopDevice.with(size: .mebibytes(64)) { loop in
            let r = try home.expunge(["wipe", loop.path, "--asset", "IT-0006", "--yes", "--scheme", "dod-5220-3pass", "--progress", "none"],
                                     environment: ["EXPUNGE_TEST_HOOK_BEFORE_VERIFY": try signalHook(loop, "KILL")])
            #expect(r.status != 0)
            #expect(try home.certificateFiles().isEmpty, "a killed process writes no certificate itself")
            let listed = try home.expunge(["attempts", "--json"])
            #expect(listed.stdout.contains("\"state\" : \"interrupted\""), "\(listed.stdout)")
            #expect(listed.stdout.contains("\"passes_done\" : 3"), "the journal kept the passes done before the crash")
            #expect(listed.stdout.contains("\"certificate_id\" : null") && listed.stdout.contains("\"serial\" : null"),
                    "unknown values are null, not missing keys")
            let recovered = try home.expunge(["attempts", "--recover"])
            #expect(recovered.status == 0, "\(recovered.stderr)")
            let cert = try #require(try home.certificates().first)
            #expect(cert["result"] as? String == "interrupted")
            #expect((cert["sanitization"] as? [String: Any])?["passes"].map { ($0 as? [Any])?.count } == 3)
            #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)
            #expect(try home.evidenceProblems() == [])
            // Recovery happens once: a second run finds nothing left to certify.
            _ = try home.expunge(["attempts", "--recover"])
            #expect(try home.certificateFiles().count == 1)
        }
    }

    /// A loop device reads its backing file through the page cache unless it uses direct I/O
    /// (sysfs `loop/dio`): its verification is then not certified as a direct read-back.
    @Test func verificationStatesWhetherTheLoopDeviceReadItsFileDirectly() async throws {
        let home = try StationHome()
        let cached = try ScratchLoopDevice(size: .mebibytes(8), directIO: false)
        defer { cached.detach() }
        let direct = try ScratchLoopDevice(size: .mebibytes(8), directIO: true)
        defer { direct.detach() }
        let dio = { (loop: ScratchLoopDevice) in
            (try? String(contentsOfFile: "/sys/block/\(loop.name)/loop/dio", encoding: .utf8))?.trimmingSpaces()
        }
        #expect(dio(cached) == "0")
        try #require(dio(direct) == "1", "losetup --direct-io=on did not take effect here")
        let r = try home.expunge(["wipe", cached.path, direct.path, "--asset", "IT-0011", "--yes", "--json", "--pattern", "zero",
                                  "--progress", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let certificates = try home.certificates()
        let byPath = Dictionary(uniqueKeysWithValues: certificates.map { (($0["device"] as? [String: Any])?["path"] as? String ?? "", $0) })
        for (loop, expected) in [(cached, "page-cache-backed-loop"), (direct, "direct")] {
            let cert = try #require(byPath[loop.path])
            #expect((cert["verification"] as? [String: Any])?["read_path"] as? String == expected)
            #expect(cert["identity_strength"] as? String == "weak", "a loop device has no serial or WWN")
            let capacity = cert["capacity"] as? [String: Any]
            #expect(capacity?["hidden_areas"] as? String == "not-applicable")
            #expect(capacity?["native_bytes"] as? Int == 8 << 20 && capacity?["addressed_bytes"] as? Int == 8 << 20)
            let commands = (cert["sanitization"] as? [String: Any])?["commands"] as? [String] ?? []
            let read = try #require(commands.first { $0.hasPrefix("pread(2) for verification") })
            #expect(read.contains("page cache (loop/dio 0)") == (expected == "page-cache-backed-loop"), "\(read)")
        }
        // --remove-hidden-areas is a Clear option too (a loop device has none to remove).
        let dry = try home.expunge(["wipe", cached.path, "--asset", "IT-0011", "--dry-run", "--remove-hidden-areas"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("reads its backing file through the page cache"), "\(dry.stdout)")
        #expect(try home.evidenceProblems() == [])
    }

    @Test func twoDevicesWipeInParallelIntoOneChain() async throws {
        let home = try StationHome()
        let a = try ScratchLoopDevice(size: .mebibytes(40), fillRandom: true)
        defer { a.detach() }
        let b = try ScratchLoopDevice(size: .mebibytes(24), sectorSize: 4096, fillRandom: true)
        defer { b.detach() }
        let r = try home.expunge(["wipe", a.path, b.path, "--asset", "IT-0007", "--yes", "--json", "--progress", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let results = try decode(r).results
        #expect(results.map(\.result) == ["passed", "passed"])
        #expect(Set(results.compactMap(\.certificate_id)) == ["IT-STATION-000001", "IT-STATION-000002"])
        let verify = try home.expunge(["verify", home.ledger, "--trust", home.trust])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("sequences 1–2"))
        #expect(try home.evidenceProblems() == [])
    }

    @Test func eachDeviceCanNameItsOwnAssetAndEachCertificateCarriesIt() async throws {
        let home = try StationHome()
        let a = try ScratchLoopDevice(size: .mebibytes(16))
        defer { a.detach() }
        let b = try ScratchLoopDevice(size: .mebibytes(16))
        defer { b.detach() }
        let c = try ScratchLoopDevice(size: .mebibytes(16))
        defer { c.detach() }
        // Two named assets, and --asset for the device named without one.
        let r = try home.expunge(["wipe", "\(a.path)=LAP-0001", "\(b.path)=LAP-0002", c.path, "--asset", "LAP-0003", "--yes", "--json",
                                  "--pattern", "zero", "--progress", "plain"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try decode(r).results.map(\.device) == [a.path, b.path, c.path])
        let assets = try home.certificates().compactMap { $0["asset_id"] as? String }.sorted()
        #expect(assets == ["LAP-0001", "LAP-0002", "LAP-0003"])
        // Plain progress uses IEC units and the whole attempt.
        #expect(r.stderr.contains("MiB/s") || r.stderr.contains("GiB/s") || r.stderr.contains(" B/s"))
        #expect(!r.stderr.contains(" MB/s"))
        #expect(try home.expunge(["verify", home.ledger, "--trust", home.trust]).status == 0)
        #expect(try home.evidenceProblems() == [])
    }

    @Test func aDeviceWithoutAnAssetOrARepeatedAssetIsAUsageError() throws {
        let missing = try Shell.expunge(["wipe", "/dev/null=LAP-1", "/dev/zero", "--dry-run"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("/dev/zero has no asset"))
        let repeated = try Shell.expunge(["wipe", "/dev/null", "--asset", "A-1", "--asset", "A-2", "--dry-run"])
        #expect(repeated.status == 64)
        #expect(repeated.stderr.contains("--asset is given 2 times"))
        #expect(try Shell.expunge(["wipe", "/dev/null=has space", "--dry-run"]).status == 64)
    }

    @Test func wipeWithoutAKeyRefusesBeforeWriting() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-test-nokey-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try await ScratchLoopDevice.with(size: .mebibytes(8), fillRandom: true) { loop in
            let before = try loop.contents()
            let r = try Shell.expunge(["wipe", loop.path, "--asset", "IT-0008", "--yes"], home: empty)
            #expect(r.status == 77)
            #expect(r.stderr.contains("keys init"))
            #expect(try loop.contents() == before)
        }
    }

    @Test func dryRunTouchesNothing() async throws {
        try await ScratchLoopDevice.with(size: .mebibytes(8), fillRandom: true) { loop in
            let before = try loop.contents()
            let r = try Shell.expunge(["wipe", "\(loop.path)=IT-0009", "--dry-run", "--scheme", "dod-5220-3pass"],
                                      home: FileManager.default.temporaryDirectory.appendingPathComponent("expunge-nokey-\(UUID().uuidString)").path)
            #expect(r.status == 0)
            #expect(r.stdout.contains("pass 3: random"))
            #expect(r.stdout.contains("asset IT-0009"))
            // Without a station key the real wipe would be refused: the dry run says so.
            #expect(r.stderr.contains("warning: no usable station key"))
            #expect(try loop.contents() == before)
        }
    }

    @Test func badOptionsAreUsageErrors() throws {
        #expect(try Shell.expunge(["wipe", "/dev/null", "--asset", "X", "--scheme", "nope"]).status == 64)
        #expect(try Shell.expunge(["wipe", "/dev/null", "--asset", "X", "--pattern", "0xZZ"]).status == 64)
        #expect(try Shell.expunge(["wipe", "/dev/null", "--asset", "has space"]).status == 64)
        #expect(try Shell.expunge(["wipe", "/dev/null", "--asset", "X", "--scheme", "dod-5220-3pass", "--pattern", "zero"]).status == 64)
        let notBlock = try Shell.expunge(["wipe", "/etc/hostname", "--asset", "X", "--dry-run"])
        #expect(notBlock.status == 65)
    }
}
