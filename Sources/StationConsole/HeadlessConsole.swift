import Dispatch
import Foundation
import Glibc
import Station
import StorageModel
import Synchronization

/// `expunge station --events json`: the console without a screen, for automation. Writes one
/// JSON event per line on stdout (a bay's snapshot whenever it changes, progress at most once a
/// second per bay; answers to commands; `quit` last) and reads one JSON command per line on
/// stdin. End of input waits for running wipes, then quits; SIGINT/SIGTERM/SIGHUP end the session
/// at once (running wipes are aborted and certified `aborted-by-signal`), also while stdin is open.
public final class HeadlessConsole: Sendable {
    let output: @Sendable (String) -> Void
    /// Each bay as last written, and when. Bays are compared as values; only a changed bay is
    /// encoded (encoding every bay on every change cost most of the station's CPU with 16 bays).
    private let emitted = Mutex<[Int: (bay: Bay, at: UInt64)]>([:])

    public init(output: @escaping @Sendable (String) -> Void) {
        self.output = output
    }

    /// Give this to `BayController` as its `onChange` (through a forwarding closure).
    public func boardChanged(_ board: StationBoard) {
        let now = DispatchTime.now().uptimeNanoseconds
        var lines: [String] = []
        emitted.withLock { last in
            for bay in board.bays {
                if let prev = last[bay.number] {
                    if prev.bay == bay { continue }
                    // Only progress moved: at most once a second.
                    if now - prev.at < 1_000_000_000 && Self.withoutProgress(prev.bay) == Self.withoutProgress(bay) { continue }
                }
                last[bay.number] = (bay, now)
                lines.append(BayEventLine.encode(BayEventLine.bay(bay)))
            }
        }
        for l in lines { output(l) }
    }

    static func withoutProgress(_ bay: Bay) -> Bay {
        var quiet = bay
        quiet.progress = nil
        return quiet
    }

    /// Runs commands from `lines` until quit, end of input or a signal; returns the exit status
    /// (0, or 130 when running wipes were aborted or a signal ended the session).
    public func run(controller: BayController, lines: AsyncStream<String>) async -> Int32 {
        let (signals, signal) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            _ = Glibc.signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { signal.yield(sig) }
            s.resume()
            sources.append(s)
        }
        defer { for s in sources { s.cancel() } }
        // Commands and signals arrive on one stream: a signal ends the session at once (its
        // wipes are aborted and certified), even while standard input stays open.
        enum Input: Sendable { case line(String), signal, endOfInput }
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let forwarders = [
            Task { for await line in lines { input.yield(.line(line)) }; input.yield(.endOfInput) },
            Task { for await _ in signals { input.yield(.signal) } },
        ]
        defer { for f in forwarders { f.cancel() } }

        var status: Int32 = 0
        loop: for await next in inputs {
            let line: String
            switch next {
            case .endOfInput: break loop
            case .signal:
                await controller.abortAll(because: .abortedBySignal)
                status = 130
                break loop
            case .line(let l): line = l
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let command: HeadlessCommand
            do { command = try HeadlessCommand.parse(trimmed) } catch {
                output(BayEventLine.encode(BayEventLine.rejected(command: "?", bay: nil, reason: error.description)))
                continue
            }
            if case .quit(let abort) = command {
                let running = await controller.runningCount
                if running > 0 && !abort {
                    output(BayEventLine.encode(BayEventLine.rejected(
                        command: "quit", bay: nil, reason: "\(running) wipe(s) running; send {\"quit\":{\"abort\":true}} to abort them")))
                    continue
                }
                if running > 0 { status = 130 }
                await controller.abortAll(because: .abortedByOperator)
                break
            }
            await execute(command, controller: controller)
        }
        signal.finish()
        input.finish()
        await controller.waitForRuns()
        boardChanged(await controller.board)
        output(BayEventLine.encode(BayEventLine.quit(exitStatus: status, results: await controller.results)))
        return status
    }

    private func execute(_ command: HeadlessCommand, controller: BayController) async {
        do {
            switch command {
            case .assign(let bay, let asset): try await controller.enterAsset(bay: bay, tag: asset)
            case .start(let bay): try await controller.start(bay: bay)
            case .startAll: _ = await controller.startAllReady()
            case .abort(let bay): try await controller.abort(bay: bay)
            case .abortAll: await controller.abortAll(because: .abortedByOperator)
            case .profile(let bay?, let name): try await controller.setProfile(bay: bay, name)
            case .profile(nil, let name): try await controller.setProfileForAll(name)
            case .quit: return
            }
            output(BayEventLine.encode(BayEventLine.accepted(command: command.name, bay: command.bay)))
        } catch {
            output(BayEventLine.encode(BayEventLine.rejected(command: command.name, bay: command.bay, reason: error.message)))
        }
    }

    /// Lines of standard input, read on their own thread.
    public static func standardInputLines() -> AsyncStream<String> {
        AsyncStream { continuation in
            let t = Thread {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }
            t.name = "expunge.station-commands"
            t.start()
        }
    }
}
