import ArgumentParser
import Dispatch
import Foundation
import Sanitization
import Station
import StationConsole
import StorageModel
import Synchronization

/// How wipe progress is shown (always on stderr, so stdout stays for results).
enum ProgressMode: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// A live multi-line view on a terminal, plain lines otherwise.
    case auto
    /// The live multi-line view, redrawn at most once a second.
    case tty
    /// One line per device every 5 seconds and at every phase change.
    case plain
    /// One JSON object per line per device, at most once a second.
    case json
    case none
}

/// Renders per-device progress samples. Samples arrive from the device threads; drawing happens
/// on a timer at most once a second. Percent, bar and ETA cover the whole attempt (every pass and
/// the verification); a device that did not finish never shows 100 %; each line is cut to the
/// terminal's width.
final class ProgressView: Sendable {
    /// What the whole attempt of a device is: its capacity, and how it is verified.
    struct Attempt: Sendable {
        var capacity: ByteCount
        var verification: VerificationMode
    }

    private struct State {
        var samples: [String: ProgressSample] = [:]
        var progress: [String: BayProgress] = [:]
        var results: [String: WipeResult] = [:]
        var lastPlain: [String: (UInt64, ProgressSample.Phase, Int)] = [:]
        var drawnLines = 0
    }

    let mode: ProgressMode
    let devices: [String]
    let attempts: [String: Attempt]
    private let state = Mutex(State())
    nonisolated(unsafe) private var timer: (any DispatchSourceTimer)?

    init(mode: ProgressMode, devices: [String], attempts: [String: Attempt] = [:]) {
        self.mode = mode == .auto ? (Console.stderrIsTerminal ? .tty : .plain) : mode
        self.devices = devices
        self.attempts = attempts
    }

    /// The device's attempt ended: only a finished attempt shows 100 %.
    func ended(_ device: String, result: WipeResult) {
        state.withLock { $0.results[device] = result }
        if mode == .plain, let line = state.withLock({ s in s.samples[device].map { Self.line($0, progress: s.progress[device], result: result, bar: false) } }) {
            Console.err(line)
        }
    }

    /// Whole-attempt progress; a finished sample of an attempt that did not pass keeps the last value.
    private func attemptProgress(_ sample: ProgressSample, previous: BayProgress?) -> BayProgress {
        let a = attempts[sample.devicePath] ?? Attempt(capacity: sample.total, verification: .none)
        if sample.phase == .finished, let previous {
            return BayProgress(fraction: previous.fraction, bytesPerSecond: 0, secondsRemaining: nil, errorCount: sample.errorCount)
        }
        return BayProgress.attempt(sample, capacity: a.capacity, verification: a.verification)
    }

    var handler: ProgressHandler {
        { [self] sample in self.receive(sample) }
    }

    func start() {
        guard mode == .tty else { return }
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now() + 1, repeating: 1.0)
        t.setEventHandler { [self] in self.redraw() }
        t.resume()
        timer = t
    }

    func finish() {
        timer?.cancel()
        if mode == .tty { redraw() }
    }

    private func receive(_ sample: ProgressSample) {
        switch mode {
        case .json:
            let p = state.withLock { s -> BayProgress in
                let p = attemptProgress(sample, previous: s.progress[sample.devicePath])
                s.progress[sample.devicePath] = p
                return p
            }
            Console.write(2, Self.jsonLine(sample, progress: p) + "\n")
        case .plain:
            let now = DispatchTime.now().uptimeNanoseconds
            let (print, p) = state.withLock { s -> (Bool, BayProgress) in
                s.samples[sample.devicePath] = sample
                let p = attemptProgress(sample, previous: s.progress[sample.devicePath])
                s.progress[sample.devicePath] = p
                if sample.phase == .finished { return (false, p) }
                if let (t, phase, pass) = s.lastPlain[sample.devicePath], phase == sample.phase, pass == sample.pass,
                   now - t < 5_000_000_000 { return (false, p) }
                s.lastPlain[sample.devicePath] = (now, sample.phase, sample.pass)
                return (true, p)
            }
            if print { Console.err(Self.line(sample, progress: p, result: nil, bar: false)) }
        case .tty, .auto:
            state.withLock { s in
                s.samples[sample.devicePath] = sample
                s.progress[sample.devicePath] = attemptProgress(sample, previous: s.progress[sample.devicePath])
            }
        case .none:
            break
        }
    }

    private func redraw() {
        let (lines, previous) = state.withLock { s -> ([String], Int) in
            let width = TerminalScreen(input: 2, output: 2).size?.columns ?? 80
            let lines = devices.map { d in
                Self.fit(s.samples[d].map { Self.line($0, progress: s.progress[d], result: s.results[d], bar: true) } ?? "\(d)  waiting", width: width)
            }
            let previous = s.drawnLines
            s.drawnLines = lines.count
            return (lines, previous)
        }
        var out = previous > 0 ? "\u{1B}[\(previous)F" : ""
        for l in lines { out += "\u{1B}[2K" + l + "\n" }
        Console.write(2, out)
    }

    /// One device's line: percent, bar and ETA for the whole attempt, IEC units.
    static func line(_ s: ProgressSample, progress: BayProgress?, result: WipeResult?, bar: Bool) -> String {
        let fraction = result == .passed || result == .unverified ? 1 : (progress?.fraction ?? 0)
        let percent = String(format: "%5.1f%%", (fraction * 1000).rounded(.down) / 10)
        var parts = [s.devicePath]
        if bar {
            let width = 24
            let filled = Int((fraction * Double(width)).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
        }
        parts.append(percent)
        if let result {
            parts.append(result.rawValue)
        } else {
            parts.append("pass \(s.pass)/\(s.passCount) \(s.phase.rawValue)")
            parts.append(ByteCount(UInt64(max(s.bytesPerSecond, 0))).binaryDescription + "/s")
            if let eta = progress?.secondsRemaining { parts.append("ETA " + duration(eta)) }
        }
        parts.append("errors \(s.errorCount)")
        return parts.joined(separator: "  ")
    }

    /// Cut to the terminal's width, so no line wraps (a wrapped line would break the redraw).
    static func fit(_ line: String, width: Int) -> String {
        DisplayWidth.of(line) <= width - 1 ? line : DisplayWidth.fit(line, max(width - 1, 1))
    }

    static func duration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
    }

    static func jsonLine(_ s: ProgressSample, progress: BayProgress) -> String {
        var fields = [
            "\"device\":\"\(s.devicePath)\"", "\"phase\":\"\(s.phase.rawValue)\"", "\"pass\":\(s.pass)",
            "\"passes\":\(s.passCount)", "\"done_bytes\":\(s.done.bytes)", "\"total_bytes\":\(s.total.bytes)",
            "\"bytes_per_second\":\(Int(s.bytesPerSecond))", "\"errors\":\(s.errorCount)",
        ]
        fields.append("\"attempt_fraction\":" + String(format: "%.4f", progress.fraction))
        fields.append("\"eta_seconds\":" + (progress.secondsRemaining.map { String(Int($0.rounded())) } ?? "null"))
        return "{" + fields.joined(separator: ",") + "}"
    }
}
