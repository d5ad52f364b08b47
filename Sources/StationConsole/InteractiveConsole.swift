import Dispatch
import Foundation
import Glibc
import Station
import StorageModel
import Synchronization

/// The full-screen station console: keys in, frames out, at most four redraws a second and only
/// the lines that changed. Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) stop the running wipes,
/// which end `aborted` with their certificates, and restore the terminal.
public final class InteractiveConsole: Sendable {
    enum Input: Sendable {
        case key(Key)
        case signal(Int32)
        case inputEnded
        /// `--auto`: every drive has ended and nothing more will start.
        case settled
    }

    let controller: BayController
    let mailbox: BoardMailbox
    let screen: TerminalScreen
    let station: String
    let color: Bool
    /// With `--auto`: end the session once the controller is settled after at least one wipe,
    /// or after this long with nothing to wipe.
    let finishWhenSettled: Duration?
    private let view = Mutex(ConsoleView())
    private let writer: Mutex<ScreenWriter>

    public init(controller: BayController, mailbox: BoardMailbox, screen: TerminalScreen, station: String, color: Bool,
                finishWhenSettled: Duration? = nil) {
        self.finishWhenSettled = finishWhenSettled
        self.controller = controller
        self.mailbox = mailbox
        self.screen = screen
        self.station = station
        self.color = color
        writer = Mutex(ScreenWriter(color: color))
    }

    /// Runs until the operator quits (or a signal); returns the exit status: 0, or 130 when
    /// running wipes were aborted to quit.
    public func run() async throws -> Int32 {
        try screen.enter()
        defer { screen.restore() }
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let stop = Atomic<Bool>(false)
        let reader = Thread { [screen] in
            var decoder = KeyDecoder()
            while !stop.load(ordering: .acquiring) {
                guard let bytes = screen.readBytes(timeoutMilliseconds: 100) else { input.yield(.inputEnded); break }
                for k in decoder.feed(bytes) { input.yield(.key(k)) }
            }
        }
        reader.name = "expunge.console-keys"
        reader.start()
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            _ = Glibc.signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { input.yield(.signal(sig)) }
            s.resume()
            sources.append(s)
        }
        let drawing = Task { await self.drawLoop() }
        let watcher = finishWhenSettled.map { grace in
            Task { [controller] in
                let began = ContinuousClock.now
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    let settled = await controller.isSettled
                    let worked = await !controller.results.isEmpty
                    if settled && (worked || ContinuousClock.now - began >= grace) {
                        input.yield(.settled)
                        return
                    }
                }
            }
        }
        defer {
            stop.store(true, ordering: .releasing)
            watcher?.cancel()
            drawing.cancel()
            for s in sources { s.cancel() }
        }

        var status: Int32 = 0
        loop: for await event in inputs {
            switch event {
            case .key(let key):
                let board = mailbox.latest.board
                let commands = view.withLock { ConsoleInput.handle(key, view: &$0, board: board) }
                for command in commands {
                    if case .quit(let aborting) = command {
                        if aborting { status = 130 }
                        await finish(aborting: aborting, because: .abortedByOperator)
                        break loop
                    }
                    await execute(command)
                }
            case .signal:
                view.withLock { $0.mode = .quitting }
                status = await controller.runningCount > 0 ? 130 : 0
                await finish(aborting: true, because: .abortedBySignal)
                break loop
            case .settled:
                notice("every drive has ended: closing the session")
                await finish(aborting: false, because: .abortedByOperator)
                break loop
            case .inputEnded:
                // The terminal went away: nobody can watch or confirm, so stop like a hang-up.
                status = await controller.runningCount > 0 ? 130 : 0
                await finish(aborting: true, because: .abortedBySignal)
                break loop
            }
        }
        drawing.cancel()
        await drawing.value
        draw(force: true)
        return status
    }

    private func finish(aborting: Bool, because reason: FailureReason) async {
        if aborting { await controller.abortAll(because: reason) }
        await controller.waitForRuns()
    }

    private func execute(_ command: ConsoleCommand) async {
        do {
            switch command {
            case .enterAsset(let bay, let tag): try await controller.enterAsset(bay: bay, tag: tag)
            case .start(let bay):
                try await controller.start(bay: bay)
                notice("bay \(bay) started")
            case .startAll:
                let started = await controller.startAllReady()
                notice(started.isEmpty ? "no bay is ready" : "started bay\(started.count == 1 ? "" : "s") \(started.map(String.init).joined(separator: ", "))")
            case .abort(let bay):
                try await controller.abort(bay: bay)
                notice("stopping bay \(bay)…")
            case .cycleProfile(let bay):
                try await controller.cycleProfile(bay: bay)
                notice("bay \(bay): profile \(await controller.board.bay(bay)?.profile ?? "-")")
            case .cycleProfileForAll:
                let next = await controller.settings.profiles.next(after: controller.board.defaultProfile)
                try await controller.setProfileForAll(next)
                notice("every idle bay: profile \(next)")
            case .quit: break
            }
        } catch {
            notice(error.message)
        }
    }

    private func notice(_ text: String) { view.withLock { $0.notice = text } }

    private let lastDrawn = Mutex<(version: Int, view: ConsoleView, size: TerminalSize?)>((-1, ConsoleView(), nil))

    /// At most four frames a second, and only when something changed.
    private func drawLoop() async {
        while !Task.isCancelled {
            draw(force: false)
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    private func draw(force: Bool) {
        let (board, version) = mailbox.latest
        let v = view.withLock { $0 }
        let size = screen.size ?? TerminalSize(columns: 80, rows: 24)
        let unchanged = lastDrawn.withLock { last in
            let same = last.version == version && last.view == v && last.size == size
            last = (version, v, size)
            return same
        }
        if unchanged && !force { return }
        let frame = ScreenRenderer.render(board, view: v, size: size, station: station)
        let out = writer.withLock { $0.update(frame, size: size) }
        screen.write(out)
    }
}

extension Error {
    /// The operator-facing text of an error.
    var message: String { (self as? BayRejection)?.message ?? "\(self)" }
}
