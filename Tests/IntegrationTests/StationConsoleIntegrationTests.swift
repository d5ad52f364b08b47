import Foundation
import Glibc
import StorageModel
import Synchronization
import Testing
import TestSupport

/// `expunge station` end to end on loop devices: the full-screen console in tmux, and the
/// headless JSON mode. Three drives are attached one after another, get their asset tags (scanned
/// twice: they are not in the register), start, and one is detached mid-wipe.
@Suite("station console on real loop devices", .enabled(if: Privileges.isRoot, Privileges.reason), .serialized)
struct StationConsoleIntegrationTests {
    static func waitForFile(_ path: String, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }

    /// The screen row of a device's bay (`  3 loop7 …`), if shown.
    static func row(of device: String, in screen: [String]) -> Int? {
        let name = URL(fileURLWithPath: device).lastPathComponent
        return screen.firstIndex { line in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            return cells.count >= 2 && cells[0].trimmingCharacters(in: CharacterSet(charactersIn: ">")).allSatisfy(\.isNumber)
                && cells[1] == name
        }
    }

    @Test func consoleInTmuxHotPlugScanStartAndADriveDetachedMidWipe() async throws {
        let home = try StationHome()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-station-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // The hook must name the device before it exists: reserve a device by attaching first.
        let first = try ScratchLoopDevice(size: .mebibytes(64))
        defer { first.detach() }
        let status = work.appendingPathComponent("status").path
        // The second drive is attached later; the hook holds whichever loop device it gets.
        let (hookPath, marker, target) = try Self.holdHook(in: work)

        let command = "env NO_COLOR=1 EXPUNGE_HOME=\(home.root) EXPUNGE_TEST_HOOK_BEFORE_VERIFY=\(hookPath) \(Shell.expunge) station --operator tester; "
            + "echo $? > \(status); exec sleep 20"
        let pane = try TmuxPane(columns: 120, rows: 40, command: command)
        defer { pane.close() }
        let started = try await pane.wait(seconds: 180) { $0.contains { $0.contains("Expunge station IT-STATION") } }
        try #require(started != nil, "the console did not start: \((try? pane.screen())?.joined(separator: "\n") ?? "")")
        let attached = try await pane.wait(seconds: 10) { Self.row(of: first.path, in: $0) != nil }
        #expect(attached != nil, "the first drive did not appear")

        // Two more drives, one after another: each appears without a key press. Designed for
        // 2 s (a rescan every second, a frame every 250 ms, plus the uevent); not timed here,
        // where the rest of the suite loads the machine (latency belongs to the benchmarks).
        var loops = [first]
        for _ in 0..<2 {
            let loop = try ScratchLoopDevice(size: .mebibytes(64))
            loops.append(loop)
            let seen = try await pane.wait(seconds: 30) { Self.row(of: loop.path, in: $0) != nil }
            #expect(seen != nil, "\(loop.path) did not appear")
        }
        defer { for l in loops { l.detach() } }
        try loops[1].path.write(toFile: target, atomically: true, encoding: .utf8)
        let screen = try pane.screen()
        let rows = loops.map { Self.row(of: $0.path, in: screen) }
        try #require(rows.allSatisfy { $0 != nil }, "\(screen.joined(separator: "\n"))")

        // Scan each tag twice (not in the register: the second scan confirms).
        for (i, loop) in loops.enumerated() {
            let bayIndex = Self.row(of: loop.path, in: try pane.screen())! - 2
            for _ in 0..<60 { try pane.send("k") }
            for _ in 0..<bayIndex { try pane.send("j") }
            for _ in 0..<2 {
                try pane.send("Enter")
                try pane.send("IT-ST-000\(i + 1)", literal: true)
                try pane.send("Enter")
                _ = try await pane.wait(seconds: 30) { s in
                    guard let r = Self.row(of: loop.path, in: s) else { return false }
                    return s[r].contains("confirm?") || s[r].contains("ready")
                }
            }
            let ready = try await pane.wait(seconds: 30) { s in Self.row(of: loop.path, in: s).map { s[$0].contains(" ready") } ?? false }
            #expect(ready != nil, "bay of \(loop.path) is not ready: \((try? pane.screen())?.joined(separator: "\n") ?? "")")
        }
        // A refused tag is refused on the bay with the reason.
        try pane.send("Enter")
        try pane.send("BAD TAG", literal: true)
        try pane.send("Enter")
        let refusedTag = try await pane.wait(seconds: 30) { $0.contains { $0.contains("asset tag refused: asset tag contains spaces") } }
        #expect(refusedTag != nil)

        try pane.send("S")
        #expect(try await Self.waitForFile(marker, seconds: 30), "the second drive never reached verification")
        loops[1].detach()

        let done = try await pane.wait(seconds: 60) { s in
            let r = loops.map { Self.row(of: $0.path, in: s) }
            guard r.allSatisfy({ $0 != nil }) else { return false }
            return s[r[0]!].contains("PASSED") && s[r[2]!].contains("PASSED") && s[r[1]!].contains("ABORTED") && s[r[1]!].contains("removed")
        }
        let final = try pane.screen()
        try #require(done != nil, "\(final.joined(separator: "\n"))")
        // Rows stayed where they were.
        #expect(loops.map { Self.row(of: $0.path, in: final) } == rows)

        try pane.send("q")
        #expect(try await Self.waitForFile(status, seconds: 10))
        #expect(try String(contentsOfFile: status, encoding: .utf8).trimmingSpaces() == "0")

        let certificates = try home.certificates()
        #expect(certificates.count == 3)
        let byAsset = Dictionary(uniqueKeysWithValues: certificates.map { ($0["asset_id"] as? String ?? "", $0) })
        #expect(byAsset["IT-ST-0001"]?["result"] as? String == "passed")
        #expect(byAsset["IT-ST-0003"]?["result"] as? String == "passed")
        let removed = try #require(byAsset["IT-ST-0002"])
        #expect(removed["result"] as? String == "aborted")
        #expect((removed["reasons"] as? [String]) == ["device-removed"])
        #expect(certificates.allSatisfy { $0["operator_id"] as? String == "tester" })
        let verify = try home.expunge(["verify", home.ledger, "--trust", home.trust])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try home.evidenceProblems() == [])
    }

    /// `expunge station --events json` as a child process: JSON commands in, JSON events out.
    final class HeadlessStation: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        let lines = Mutex<[String]>([])

        init(home: StationHome, hook: String) throws {
            process.executableURL = URL(fileURLWithPath: Shell.expunge)
            process.arguments = ["station", "--events", "json", "--operator", "tester"]
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["NO_COLOR": "1", "EXPUNGE_HOME": home.root, "EXPUNGE_TEST_HOOK_BEFORE_VERIFY": hook]) { $1 }
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let handle = output.fileHandleForReading
            let t = Thread { [self] in
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer += chunk
                    while let nl = buffer.firstIndex(of: 0x0A) {
                        let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                        buffer = Data(buffer[(nl + 1)...])
                        self.lines.withLock { $0.append(line) }
                    }
                }
            }
            t.start()
        }

        func send(_ json: String) { input.fileHandleForWriting.write(Data((json + "\n").utf8)) }

        var events: [[String: Any]] {
            lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        /// Waits for an event matching `condition`; returns the first, or nil after `seconds`.
        func wait(seconds: Double, _ condition: ([String: Any]) -> Bool) async throws -> [String: Any]? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let e = events.first(where: condition) { return e }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            return nil
        }

        func stop() { if process.isRunning { process.terminate() } }
    }

    @Test func headlessJSONLinesHotPlugAssignStartAndADriveDetachedMidWipe() async throws {
        let home = try StationHome()
        let work = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let (hookPath, marker, target) = try Self.holdHook(in: work)
        // The default profile prints each certificate's PDF and label when its bay finishes.
        try #"{"profiles": [{"name": "clear", "paperwork": {"pdf": "a4", "label": "62x29mm"}}]}"#
            .write(toFile: home.root + "/station.json", atomically: true, encoding: .utf8)

        let station = try HeadlessStation(home: home, hook: hookPath)
        defer { station.stop() }
        let hello = try await station.wait(seconds: 60) { $0["event"] as? String == "station" }
        try #require(hello != nil, "no station event")
        #expect(hello?["operator"] as? String == "tester")

        var loops: [ScratchLoopDevice] = []
        defer { for l in loops { l.detach() } }
        var bays: [Int] = []
        for _ in 0..<3 {
            let loop = try ScratchLoopDevice(size: .mebibytes(64))
            loops.append(loop)
            let seen = try await station.wait(seconds: 10) { $0["device"] as? String == loop.path && $0["state"] as? String == "awaiting-asset" }
            let bay = try #require(seen?["bay"] as? Int, "\(loop.path) did not appear")
            bays.append(bay)
        }
        try loops[1].path.write(toFile: target, atomically: true, encoding: .utf8)

        // Bad input first: not JSON, an unknown bay, a tag with a space.
        station.send("hello")
        #expect(try await station.wait(seconds: 30) { $0["event"] as? String == "rejected" && $0["command"] as? String == "?" } != nil)
        station.send(#"{"assign":{"bay":999,"asset":"IT-HL-X"}}"#)
        #expect(try await station.wait(seconds: 30) { $0["event"] as? String == "rejected" && $0["bay"] as? Int == 999 } != nil)
        station.send(#"{"assign":{"bay":\#(bays[0]),"asset":"BAD TAG"}}"#)
        let badTag = try await station.wait(seconds: 30) {
            $0["event"] as? String == "rejected" && $0["command"] as? String == "assign" && $0["bay"] as? Int == bays[0]
        }
        #expect((badTag?["reason"] as? String)?.contains("spaces") == true)
        // Starting before the asset is settled is refused.
        station.send(#"{"start":{"bay":\#(bays[0])}}"#)
        #expect(try await station.wait(seconds: 30) { $0["event"] as? String == "rejected" && $0["command"] as? String == "start" } != nil)

        for (i, bay) in bays.enumerated() {
            let assign = #"{"assign":{"bay":\#(bay),"asset":"IT-HL-000\#(i + 1)"}}"#
            station.send(assign)
            let warned = try await station.wait(seconds: 30) { $0["bay"] as? Int == bay && ($0["warnings"] as? [String]) == ["not-in-register"] }
            #expect(warned != nil)
            station.send(assign)
            let ready = try await station.wait(seconds: 30) { $0["bay"] as? Int == bay && $0["state"] as? String == "ready" }
            #expect(ready != nil, "bay \(bay) not ready")
        }
        for bay in bays { station.send(#"{"start":\#(bay)}"#) }
        #expect(try await Self.waitForFile(marker, seconds: 30), "the second drive never reached verification")
        // Quitting while wipes run is refused.
        station.send(#"{"quit":{}}"#)
        #expect(try await station.wait(seconds: 30) { $0["event"] as? String == "rejected" && $0["command"] as? String == "quit" } != nil)
        loops[1].detach()

        let removed = try await station.wait(seconds: 60) { $0["bay"] as? Int == bays[1] && $0["state"] as? String == "removed" }
        #expect(removed?["result"] as? String == "aborted",
                "\(station.events.filter { $0["bay"] as? Int == bays[1] }.map { "\($0["state"] ?? "") \($0["result"] ?? "")" })")
        #expect((removed?["reasons"] as? [String]) == ["device-removed"])
        #expect(removed?["certificate_id"] is String)
        for bay in [bays[0], bays[2]] {
            let passed = try await station.wait(seconds: 60) { $0["bay"] as? Int == bay && $0["state"] as? String == "passed" && $0["certificate_id"] is String }
            #expect(passed?["certificate_id"] is String, "bay \(bay) did not pass")
            #expect(passed?["progress"] as? Double == 1)
        }
        station.send(#"{"quit":{}}"#)
        let quit = try await station.wait(seconds: 20) { $0["event"] as? String == "quit" }
        #expect(quit?["exit_status"] as? Int == 0)
        station.process.waitUntilExit()
        #expect(station.process.terminationStatus == 0)

        // Every line is one JSON object valid against the documented schema.
        let lines = station.lines.withLock { $0 }
        #expect(lines.count == station.events.count)
        let eventFiles = try lines.enumerated().map { i, line in
            let f = work.appendingPathComponent("event-\(i).json")
            try Data(line.utf8).write(to: f)
            return f.path
        }
        let schemaProblems = try SchemaValidator.errors(files: eventFiles, schema: SchemaValidator.schema("Docs/schemas/station-events.schema.json"))
        #expect(schemaProblems == nil, "\(schemaProblems ?? "")")
        let certificates = try home.certificates()
        #expect(certificates.count == 3)
        #expect(certificates.filter { $0["result"] as? String == "aborted" }.count == 1)
        let verify = try home.expunge(["verify", home.ledger, "--trust", home.trust])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try home.evidenceProblems() == [])
        // Every certificate, the aborted one too, was printed from its signed file.
        for c in certificates {
            let id = try #require(c["certificate_id"] as? String)
            for file in ["\(id).pdf", "\(id)-label.pdf"] {
                let path = home.root + "/pdf/" + file
                #expect(FileManager.default.fileExists(atPath: path), "\(file) not printed")
                #expect(FileManager.default.contents(atPath: path)?.starts(with: Array("%PDF-".utf8)) == true, "\(file) is not a PDF")
            }
        }
    }
}

extension StationConsoleIntegrationTests {
    /// A signal ends the headless session at once although its standard input stays open (a
    /// supervisor's SIGTERM must not wait for the program that feeds it): the running wipe ends
    /// `aborted-by-signal` with a certificate, `quit` says 130, and so does the exit status.
    @Test func headlessSignalEndsTheSessionWhileInputStaysOpen() async throws {
        let home = try StationHome()
        let work = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let (hookPath, marker, target) = try Self.holdHook(in: work)
        let station = try HeadlessStation(home: home, hook: hookPath)
        defer { station.stop() }
        try #require(try await station.wait(seconds: 60) { $0["event"] as? String == "station" } != nil, "no station event")

        let loop = try ScratchLoopDevice(size: .mebibytes(32))
        defer { loop.detach() }
        try loop.path.write(toFile: target, atomically: true, encoding: .utf8)
        let seen = try await station.wait(seconds: 10) { $0["device"] as? String == loop.path && $0["state"] as? String == "awaiting-asset" }
        let bay = try #require(seen?["bay"] as? Int, "\(loop.path) did not appear")
        for _ in 0..<2 { station.send(#"{"assign":{"bay":\#(bay),"asset":"IT-SIG-0001"}}"#) }
        #expect(try await station.wait(seconds: 30) { $0["bay"] as? Int == bay && $0["state"] as? String == "ready" } != nil)
        station.send(#"{"start":\#(bay)}"#)
        #expect(try await Self.waitForFile(marker, seconds: 30), "the wipe never reached verification")

        station.process.terminate()  // SIGTERM; standard input is still open
        let quit = try await station.wait(seconds: 30) { $0["event"] as? String == "quit" }
        #expect(quit?["exit_status"] as? Int == 130)
        let ended = try await station.wait(seconds: 1) { $0["bay"] as? Int == bay && $0["state"] as? String == "aborted" && $0["certificate_id"] is String }
        #expect(ended != nil, "the aborted attempt's certificate was not announced before quit")
        #expect((ended?["reasons"] as? [String]) == ["aborted-by-signal"])
        station.process.waitUntilExit()
        #expect(station.process.terminationStatus == 130)
        let certificates = try home.certificates()
        #expect(certificates.map { $0["result"] as? String } == ["aborted"])
        let verify = try home.expunge(["verify", home.ledger, "--trust", home.trust])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// A new folder under the temporary directory for one test's files.
    static func scratchFolder() throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-station-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return work
    }

    /// A before-verification hook that holds the drive named in `work/target` for 8 seconds
    /// (touching `work/held` first), so a test can pull it mid-wipe. Returns the hook, marker and
    /// target paths.
    static func holdHook(in work: URL) throws -> (hook: String, marker: String, target: String) {
        let hookPath = work.appendingPathComponent("hold.sh").path
        let marker = work.appendingPathComponent("held").path
        let target = work.appendingPathComponent("target").path
        try """
        #!/bin/sh
        [ "$1" = "$(cat \(target))" ] || exit 0
        touch \(marker)
        sleep 8
        """.write(toFile: hookPath, atomically: true, encoding: .utf8)
        chmod(hookPath, 0o755)
        return (hookPath, marker, target)
    }
}
