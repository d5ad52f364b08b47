import Foundation
import Glibc
import TestSupport

/// A detached tmux session on its own server socket, for driving a full-screen program: keys in
/// with `send-keys`, the screen out with `capture-pane`. Killed on `close()` and in `deinit`.
///
/// tmux is run with `posix_spawn` and `waitpid`, its output going to a file, never through a pipe:
/// with the suite's tests spawning processes in parallel, a pipe's write end can be inherited by
/// an unrelated long-running child, and reading it to end of file would then wait for that child.
/// bash closes every inherited descriptor above 2 before it starts tmux (whose server outlives it).
final class TmuxPane: @unchecked Sendable {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let socket = "expunge-test-\(UUID().uuidString.prefix(8))"
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-tmux-\(UUID().uuidString).txt").path
    private var closed = false

    /// Starts `command` (run by /bin/sh) in a `columns`×`rows` window.
    init(columns: Int, rows: Int, command: String) throws {
        guard Self.tmux != nil else { throw ShellError(command: "tmux", output: "tmux is not installed (Scripts/setup installs it)") }
        let status = run(["new-session", "-d", "-s", "t", "-x", String(columns), "-y", String(rows), command])
        guard status == 0 else { throw ShellError(command: "tmux new-session", output: "exit \(status)") }
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        _ = run(["kill-server"])
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: "/tmp/tmux-\(getuid())/\(socket)")
    }

    /// Runs one tmux command on this pane's server; its output goes to `output`. Returns the exit status.
    @discardableResult
    func run(_ arguments: [String]) -> Int32 {
        let script = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; "#
            + #"out="$1"; shift; exec "$@" </dev/null >"$out" 2>&1"#
        let argv = ["/bin/bash", "-c", script, "bash", output, Self.tmux!, "-L", socket, "-f", "/dev/null"] + arguments
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", nil, nil, cArgs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 { if errno != EINTR { return -1 } }
        return (status >> 8) & 0xFF
    }

    /// Sends keys: tmux key names (`Enter`, `Up`) or, with `literal`, text as typed.
    func send(_ keys: String, literal: Bool = false) throws {
        run(["send-keys", "-t", "t"] + (literal ? ["-l", keys] : [keys]))
    }

    /// The screen as text, one string per row.
    func screen() throws -> [String] {
        run(["capture-pane", "-p", "-t", "t"])
        return ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").components(separatedBy: "\n")
    }

    /// Polls the screen until `condition` holds; returns the screen, or nil after `seconds`.
    func wait(seconds: Double, _ condition: ([String]) -> Bool) async throws -> [String]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let s = try screen()
            if condition(s) { return s }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return nil
    }
}
