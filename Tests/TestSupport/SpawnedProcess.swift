import Foundation
import Glibc

/// A child started with `posix_spawn(3)` and waited for with `waitpid(2)` polling, never through
/// Foundation's `Process`: its exit is read by this process directly, with a deadline, so a test
/// cannot hang on an exit that Foundation's child monitoring missed (seen while other `Process`
/// children started and ended around it). Output goes to /dev/null.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private var status: Int32?

    /// Starts `executable` with `arguments` and the environment `environment`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard rc == 0 else {
            throw NSError(domain: NSPOSIXErrorDomain, code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(executable): \(String(cString: strerror(rc)))"])
        }
        pid = child
    }

    /// The exit status (128 + signal when a signal ended it), or nil when it has not ended within
    /// `seconds`; then the child is killed and reaped, so nothing is left behind.
    public func wait(seconds: Double) -> Int32? {
        if let status { return status }
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            var raw: Int32 = 0
            let r = waitpid(pid, &raw, WNOHANG)
            if r == pid {
                let code = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                status = code
                return code
            }
            if r < 0 && errno != EINTR { return nil }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &raw, 0)
                return nil
            }
            usleep(50_000)
        }
    }
}
