import Foundation
import TestSupport

/// A detached tmux session on its own server socket, for driving a full-screen program: keys in
/// with `send-keys`, the screen out with `capture-pane`. Killed on `close()` and in `deinit`.
final class TmuxPane: @unchecked Sendable {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let socket = "expunge-test-\(UUID().uuidString.prefix(8))"
    private var closed = false

    /// Starts `command` (run by /bin/sh) in a `columns`×`rows` window.
    init(columns: Int, rows: Int, command: String) throws {
        guard let tmux = Self.tmux else { throw ShellError(command: "tmux", output: "tmux is not installed (Scripts/setup installs it)") }
        // The tmux server it forks must not inherit any of our descriptors (Shell.run's pipes would
        // then never reach end of file): bash closes every descriptor above 2 and gives tmux /dev/null.
        let script = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; "#
            + #"exec "$0" -L "$1" -f /dev/null new-session -d -s t -x "$2" -y "$3" "$4" </dev/null >/dev/null 2>&1"#
        let r = try Shell.run("/bin/bash", ["-c", script, tmux, socket, String(columns), String(rows), command])
        guard r.status == 0 else { throw ShellError(command: "tmux new-session", output: "exit \(r.status)") }
    }

    deinit { close() }

    func close() {
        guard !closed, let tmux = Self.tmux else { return }
        closed = true
        _ = try? Shell.run(tmux, ["-L", socket, "kill-server"])
    }

    /// Sends keys: tmux key names (`Enter`, `Up`) or, with `literal`, text as typed.
    func send(_ keys: String, literal: Bool = false) throws {
        _ = try Shell.run(Self.tmux!, ["-L", socket, "send-keys", "-t", "t"] + (literal ? ["-l", keys] : [keys]))
    }

    /// The screen as text, one string per row.
    func screen() throws -> [String] {
        try Shell.run(Self.tmux!, ["-L", socket, "capture-pane", "-p", "-t", "t"]).stdout.components(separatedBy: "\n")
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
