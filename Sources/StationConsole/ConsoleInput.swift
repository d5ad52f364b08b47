import Station

/// The console's keys: a pure function of the key, the view and the board, giving the new view
/// and the commands for the station.
///
///     ↑ ↓ j k  move      Enter  asset tag (type or scan, Enter)     s start    S start all ready
///     a abort (asks)     p profile (P all)    d details    ? help    q quit (asks while wipes run)
public enum ConsoleInput {
    public static func handle(_ key: Key, view: inout ConsoleView, board: StationBoard) -> [ConsoleCommand] {
        if view.selected == 0 || board.bay(view.selected) == nil, let first = board.bays.first { view.selected = first.number }
        switch view.mode {
        case .assetEntry(let typed):
            switch key {
            case .enter:
                view.mode = .normal
                view.notice = nil
                return [.enterAsset(bay: view.selected, tag: typed)]
            case .escape, .interrupt:
                view.mode = .normal
                view.notice = "asset entry cancelled"
            case .backspace:
                view.mode = .assetEntry(String(typed.dropLast()))
            case .character(let c):
                // Kept as typed (control characters too): the tag check refuses them with the reason.
                if typed.unicodeScalars.count < 256 { view.mode = .assetEntry(typed + String(c)) }
            case .up, .down:
                break
            }
            return []
        case .confirmAbort(let bay):
            view.mode = .normal
            if key == .character("y") || key == .character("Y") { return [.abort(bay: bay)] }
            view.notice = "not aborted"
            return []
        case .confirmQuit:
            if key == .character("y") || key == .character("Y") {
                view.mode = .quitting
                return [.quit(abortingRunning: true)]
            }
            view.mode = .normal
            view.notice = "not quitting"
            return []
        case .help, .details:
            if [.escape, .character("q"), .character("?"), .character("d"), .enter, .interrupt].contains(key) { view.mode = .normal }
            return []
        case .quitting:
            return []
        case .normal:
            break
        }
        view.notice = nil
        switch key {
        case .up, .character("k"): move(&view, board: board, by: -1)
        case .down, .character("j"): move(&view, board: board, by: 1)
        case .enter:
            guard board.bay(view.selected) != nil else { view.notice = "no bay yet"; return [] }
            view.mode = .assetEntry("")
        case .character("s"):
            guard board.bay(view.selected) != nil else { view.notice = "no bay yet"; return [] }
            return [.start(bay: view.selected)]
        case .character("S"): return [.startAll]
        case .character("a"):
            guard let bay = board.bay(view.selected) else { view.notice = "no bay yet"; return [] }
            guard bay.state.isActive else { view.notice = "bay \(bay.number) is not running"; return [] }
            view.mode = .confirmAbort(bay: bay.number)
        case .character("p"):
            guard board.bay(view.selected) != nil else { view.notice = "no bay yet"; return [] }
            return [.cycleProfile(bay: view.selected)]
        case .character("P"): return [.cycleProfileForAll]
        case .character("d"): if board.bay(view.selected) != nil { view.mode = .details }
        case .character("?"): view.mode = .help
        case .character("q"), .interrupt:
            let running = board.activeCount
            if running == 0 { return [.quit(abortingRunning: false)] }
            view.mode = .confirmQuit(running: running)
        case .escape, .backspace, .character: break
        }
        return []
    }

    static func move(_ view: inout ConsoleView, board: StationBoard, by delta: Int) {
        guard let i = board.bays.firstIndex(where: { $0.number == view.selected }) else { return }
        let j = min(max(i + delta, 0), board.bays.count - 1)
        view.selected = board.bays[j].number
    }
}
