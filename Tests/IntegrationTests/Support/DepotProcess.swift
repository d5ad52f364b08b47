import Foundation
import Glibc
import TestSupport

/// `expunge-depot serve` as a subprocess on a loopback port, with its own home (removed
/// afterwards), on SQLite in that home or on a new PostgreSQL database (dropped afterwards).
/// `start()` waits for the `listening on URL` line; `stop()` sends SIGTERM and waits for the
/// graceful exit.
final class DepotProcess: @unchecked Sendable {
    enum Backend: String, CustomStringConvertible, CaseIterable {
        case sqlite, postgres
        var description: String { rawValue }
    }

    let home: String
    /// `--database`, when not the default SQLite file.
    let database: String?
    private let postgresDatabase: String?
    /// Variables added to every command's environment (the `PG*` of another server).
    let environment: [String: String]
    private(set) var port = 0
    private var process: Process?
    private var logFile: String { home + "/serve.log" }

    /// Whether a PostgreSQL server is configured (`PGHOST`; `Scripts/postgres-cluster start`).
    static let postgresAvailable = ProcessInfo.processInfo.environment["PGHOST"].map { !$0.isEmpty } ?? false

    /// `environment`: added to the depot's and its commands' environment, e.g. the `PG*`
    /// variables of a cluster other than the one the test run shares.
    init(_ backend: Backend = .sqlite, environment: [String: String] = [:]) throws {
        self.environment = environment
        // Lower case: the log names the database path, and a test looks for upper-case asset
        // tags in the log (an upper-case UUID group ending in "DA" once made one appear).
        home = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-test-depot-\(UUID().uuidString.lowercased())").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            database = nil
            postgresDatabase = nil
        case .postgres:
            let name = "expunge_e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let made = try Shell.run("/usr/bin/createdb", [name], environment: environment)
            guard made.status == 0 else { throw ShellError(command: "createdb", output: made.stderr) }
            postgresDatabase = name
            database = "postgres:///\(name)"  // server and credentials from the PG* variables
        }
    }

    deinit {
        if let process, process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: home)
        if let postgresDatabase { _ = try? Shell.run("/usr/bin/dropdb", ["--if-exists", postgresDatabase], environment: environment) }
    }

    var databaseArguments: [String] { database.map { ["--database", $0] } ?? [] }

    static var executable: String {
        URL(fileURLWithPath: Shell.expunge).deletingLastPathComponent().appendingPathComponent("expunge-depot").path
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts serving (on the same port as before after a `stop()`).
    func start() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.executable)
        p.arguments = ["serve", "--listen", "127.0.0.1:\(port)", "--home", home] + databaseArguments
        let out = Pipe()
        p.standardOutput = out
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        p.standardInput = FileHandle.nullDevice
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        try p.run()
        process = p
        // The first stdout line says where it listens.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { throw ShellError(command: "expunge-depot serve", output: (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "") }
            if byte == Data([0x0A]) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on http://127.0.0.1:"), let p = Int(text.split(separator: ":").last ?? "") else {
            throw ShellError(command: "expunge-depot serve", output: text)
        }
        port = p
    }

    /// SIGTERM and wait; returns the exit status. A depot that has not ended after the server's
    /// graceful and cancellation limits and 20 s more is killed (SIGKILL) and -9 returned, so a
    /// stuck shutdown fails the test that checks the status instead of hanging the whole run.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(30 + 10 + 20)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        self.process = nil
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)  // not waited for: Foundation's wait is what hung before
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether the server process started by `start()` is still running.
    var isRunning: Bool { process?.isRunning ?? false }

    /// SIGKILL, as a crash or an OOM kill would: no graceful shutdown, requests cut mid-way.
    func crash() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Runs an administration command against this depot's home.
    func run(_ arguments: [String]) throws -> Shell.Result {
        try Shell.run(Self.executable, arguments + ["--home", home] + databaseArguments, environment: environment)
    }

    /// The depot's log lines (JSON), decoded.
    func logLines() -> [[String: Any]] {
        ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
