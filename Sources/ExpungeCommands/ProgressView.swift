import ArgumentParser
import Dispatch
import Foundation
import Sanitization
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
/// on a timer at most once a second.
final class ProgressView: Sendable {
    private struct State {
        var samples: [String: ProgressSample] = [:]
        var lastPlain: [String: (UInt64, ProgressSample.Phase, Int)] = [:]
        var drawnLines = 0
    }

    let mode: ProgressMode
    let devices: [String]
    private let state = Mutex(State())
    nonisolated(unsafe) private var timer: (any DispatchSourceTimer)?

    init(mode: ProgressMode, devices: [String]) {
        self.mode = mode == .auto ? (Console.stderrIsTerminal ? .tty : .plain) : mode
        self.devices = devices
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
            Console.write(2, Self.jsonLine(sample) + "\n")
        case .plain:
            let now = DispatchTime.now().uptimeNanoseconds
            let print = state.withLock { s -> Bool in
                s.samples[sample.devicePath] = sample
                if let (t, phase, pass) = s.lastPlain[sample.devicePath], phase == sample.phase, pass == sample.pass,
                   now - t < 5_000_000_000 { return false }
                s.lastPlain[sample.devicePath] = (now, sample.phase, sample.pass)
                return true
            }
            if print { Console.err(Self.line(sample, bar: false)) }
        case .tty, .auto:
            state.withLock { $0.samples[sample.devicePath] = sample }
        case .none:
            break
        }
    }

    private func redraw() {
        let (lines, previous) = state.withLock { s -> ([String], Int) in
            let lines = devices.map { d in s.samples[d].map { Self.line($0, bar: true) } ?? "\(d)  waiting" }
            let previous = s.drawnLines
            s.drawnLines = lines.count
            return (lines, previous)
        }
        var out = previous > 0 ? "\u{1B}[\(previous)F" : ""
        for l in lines { out += "\u{1B}[2K" + l + "\n" }
        Console.write(2, out)
    }

    static func line(_ s: ProgressSample, bar: Bool) -> String {
        let percent = String(format: "%5.1f%%", s.fraction * 100)
        var parts = [s.devicePath]
        if bar {
            let width = 24
            let filled = Int((s.fraction * Double(width)).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
        }
        parts.append(percent)
        parts.append("pass \(s.pass)/\(s.passCount) \(s.phase.rawValue)")
        parts.append(String(format: "%.1f MB/s", s.bytesPerSecond / 1e6))
        if let eta = s.secondsRemaining, s.phase != .finished { parts.append("ETA " + duration(eta)) }
        parts.append("errors \(s.errorCount)")
        return parts.joined(separator: "  ")
    }

    static func duration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
    }

    static func jsonLine(_ s: ProgressSample) -> String {
        var fields = [
            "\"device\":\"\(s.devicePath)\"", "\"phase\":\"\(s.phase.rawValue)\"", "\"pass\":\(s.pass)",
            "\"passes\":\(s.passCount)", "\"done_bytes\":\(s.done.bytes)", "\"total_bytes\":\(s.total.bytes)",
            "\"bytes_per_second\":\(Int(s.bytesPerSecond))", "\"errors\":\(s.errorCount)",
        ]
        fields.append("\"eta_seconds\":" + (s.secondsRemaining.map { String(Int($0.rounded())) } ?? "null"))
        return "{" + fields.joined(separator: ",") + "}"
    }
}
