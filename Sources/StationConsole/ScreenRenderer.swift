import Devices
import Foundation
import Station
import StorageModel

/// Draws the console: a pure function of the station's board, the operator's view and the
/// terminal size. Every line is exactly the terminal's width, so nothing wraps.
///
///     row 0          title: station, operator, counts
///     row 1          column headers
///     rows 2…H-5     one row per bay (scrolls to keep the selected bay in view)
///     row H-4        the selected bay's drive, in full
///     row H-3        the selected bay's asset and latest message
///     row H-2        status line (prompt, answer to the last key, hot-plug source)
///     row H-1        keys
public enum ScreenRenderer {
    public static func render(_ board: StationBoard, view original: ConsoleView, size: TerminalSize, station: String) -> [ScreenLine] {
        let width = size.columns
        var view = original
        // Before any key, the first bay is selected.
        if board.bay(view.selected) == nil, let first = board.bays.first { view.selected = first.number }
        guard size.isLargeEnough else { return tooSmall(size) }
        let layout = ColumnLayout(width: width)
        var lines: [ScreenLine] = []
        lines.append(ScreenLine(DisplayWidth.fit(title(board, station: station), width), style: .title))
        let bayRows = size.rows - 6
        switch view.mode {
        case .help:
            lines.append(ScreenLine(DisplayWidth.fit("Help", width), style: .header))
            lines += pad(helpText.map { ScreenLine(DisplayWidth.fit($0, width)) }, rows: bayRows, width: width)
        case .details:
            lines.append(ScreenLine(DisplayWidth.fit("Details of bay \(view.selected)", width), style: .header))
            lines += pad(details(board.bay(view.selected)).map { ScreenLine(DisplayWidth.fit($0, width)) }, rows: bayRows, width: width)
        default:
            lines.append(ScreenLine(layout.header, style: .header))
            let bays = board.bays
            let selectedIndex = bays.firstIndex { $0.number == view.selected } ?? 0
            var first = min(max(view.scroll, 0), max(bays.count - bayRows, 0))
            if selectedIndex < first { first = selectedIndex }
            if selectedIndex >= first + bayRows { first = selectedIndex - bayRows + 1 }
            let shown = bays.dropFirst(first).prefix(bayRows)
            var rows = shown.map { bay in
                ScreenLine(layout.row(cells(bay, selected: bay.number == view.selected, progressWidth: layout.widths[.progress] ?? 10)), style: style(bay.state),
                           selected: bay.number == view.selected)
            }
            if bays.isEmpty {
                rows.append(ScreenLine(DisplayWidth.fit("  No drive yet: insert or connect drives; they appear here within 2 seconds.", width),
                                       style: .dim))
            }
            lines += pad(rows, rows: bayRows, width: width)
            if first > 0 || first + bayRows < bays.count {
                let more = "[\(first + 1)–\(min(first + bayRows, bays.count)) of \(bays.count)]"
                lines[1] = ScreenLine(String(lines[1].text.dropLast(DisplayWidth.of(more))) + more, style: .header)
            }
        }
        let bay = board.bay(view.selected)
        lines.append(ScreenLine(DisplayWidth.fit(driveLine(bay), width), style: .plain))
        let (assetText, assetStyle) = assetLine(bay)
        lines.append(ScreenLine(DisplayWidth.fit(assetText, width), style: assetStyle))
        lines.append(statusLine(board, view: view, width: width))
        lines.append(ScreenLine(DisplayWidth.fit(footer(width: width), width), style: .footer))
        return lines
    }

    static func pad(_ rows: [ScreenLine], rows count: Int, width: Int) -> [ScreenLine] {
        Array(rows.prefix(count)) + Array(repeating: ScreenLine(String(repeating: " ", count: width)), count: max(count - rows.count, 0))
    }

    static func tooSmall(_ size: TerminalSize) -> [ScreenLine] {
        let w = max(size.columns, 1)
        var lines = Array(repeating: ScreenLine(String(repeating: " ", count: w)), count: max(size.rows, 1))
        let message = ["Terminal too small: \(size).", "Enlarge the terminal to at least \(TerminalSize.minimum).", "q quits."]
        let top = max((lines.count - message.count) / 2, 0)
        for (i, m) in message.enumerated() where top + i < lines.count {
            let pad = max((w - DisplayWidth.of(m)) / 2, 0)
            lines[top + i] = ScreenLine(DisplayWidth.fit(String(repeating: " ", count: pad) + m, w), style: i == 1 ? .warning : .plain)
        }
        return lines
    }

    static func title(_ board: StationBoard, station: String) -> String {
        let running = board.activeCount
        let passed = board.bays.filter { $0.result == .passed }.count
        let failed = board.bays.filter { $0.result == .failed }.count
        let aborted = board.bays.filter { $0.result == .aborted }.count
        var parts = ["Expunge station \(station)"]
        // The computer comes second: at 80 columns the title is cut from the end.
        if let machine = board.machine { parts.append("in place on \(machine)") }
        parts += ["op \(board.operatorID ?? "-")", board.bays.count == 1 ? "1 bay" : "\(board.bays.count) bays"]
        parts.append("\(running) running")
        parts.append("\(passed) passed")
        if failed > 0 { parts.append("\(failed) failed") }
        if aborted > 0 { parts.append("\(aborted) aborted") }
        return " " + parts.joined(separator: " · ")
    }

    // MARK: Bay rows

    static func cells(_ bay: Bay, selected: Bool, progressWidth: Int) -> [ColumnLayout.Column: String] {
        let d = bay.device
        var c: [ColumnLayout.Column: String] = [:]
        c[.bay] = (selected ? ">" : "") + "\(bay.number)"
        c[.device] = d?.name ?? (bay.path.split(separator: "/").last.map(String.init) ?? "")
        c[.model] = d?.model ?? "-"
        c[.serial] = d?.serial ?? "-"
        c[.capacity] = d.map { iec($0.size) } ?? ""
        c[.media] = d.map { "\(media($0.mediaType))/\($0.transport.rawValue)" } ?? ""
        if let a = bay.asset { c[.asset] = a.tag + (a.warnings.isEmpty || a.confirmed ? "" : "!") }
        c[.state] = stateLabel(bay)
        if let p = bay.progress, bay.state != .empty {
            c[.progress] = progressCell(bay, width: progressWidth)
            c[.rate] = bay.state.isActive && p.bytesPerSecond > 0 ? iec(ByteCount(UInt64(p.bytesPerSecond))) + "/s" : ""
            c[.eta] = bay.state.isActive ? (p.secondsRemaining.map(duration) ?? "") : ""
        }
        if let r = bay.result { c[.result] = r.rawValue.uppercased() }
        c[.health] = healthLabel(bay)
        return c
    }

    /// The bay row, with the progress bar drawn for the progress column's width.
    static func progressCell(_ bay: Bay, width: Int) -> String {
        guard let p = bay.progress else { return "" }
        let percent = Int((p.fraction * 100).rounded(.down))
        let pct = "\(percent)%"
        let barWidth = width - 5
        guard barWidth >= 3 else { return pct }
        let inner = barWidth - 2
        let filled = Int((p.fraction * Double(inner)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: inner - filled) + "]"
            + String(repeating: " ", count: 5 - pct.count) + pct
    }

    /// The reuse grade of the bay's drive after its last attempt ("" before one ends).
    static func healthLabel(_ bay: Bay) -> String {
        switch bay.health {
        case .reuse?: "reuse"
        case .reuseWithCaution?: "caution"
        case .doNotReuse?: "NO-REUSE"
        case nil: bay.healthNote == nil ? "" : "n/a"
        }
    }

    static func stateLabel(_ bay: Bay) -> String {
        switch bay.state {
        case .empty: return "empty"
        case .detected: return "detected"
        case .identified: return "identified"
        case .unidentified: return "unidentified"
        case .refused: return "REFUSED"
        case .awaitingAsset:
            guard let a = bay.asset else { return "need asset" }
            return a.lookupPending ? "looking up" : "confirm?"
        case .ready: return "ready"
        case .running(let pass, let of): return "pass \(pass)/\(of)"
        case .verifying: return "verifying"
        case .certified: return "certified"
        case .removed: return "removed"
        }
    }

    static func style(_ state: BayState) -> ScreenLine.Style {
        switch state {
        case .empty, .removed: .dim
        case .detected, .identified, .awaitingAsset: .waiting
        case .ready: .ready
        case .running, .verifying: .running
        case .certified(let r):
            switch r {
            case .passed: .passed
            case .unverified: .waiting
            case .failed: .failed
            case .aborted, .interrupted: .aborted
            }
        case .refused, .unidentified: .refused
        }
    }

    // MARK: The selected bay

    static func driveLine(_ bay: Bay?) -> String {
        guard let bay else { return " No bay selected." }
        var parts = ["Bay \(bay.number)", bay.path]
        if let d = bay.device {
            parts.append([d.vendor, d.model].compactMap { $0 }.joined(separator: " ").isEmpty ? "unknown model"
                         : [d.vendor, d.model].compactMap { $0 }.joined(separator: " "))
            parts.append("serial \(d.serial ?? "unknown")")
            parts.append(iec(d.size))
            parts.append("\(media(d.mediaType))/\(d.transport.rawValue)")
        }
        parts.append("profile \(bay.profile)")
        parts.append("at \(bay.location)")
        return " " + parts.joined(separator: " · ")
    }

    static func assetLine(_ bay: Bay?) -> (String, ScreenLine.Style) {
        guard let bay else { return ("", .plain) }
        var parts: [String] = []
        if let a = bay.asset {
            var asset = "Asset \(a.tag)"
            if a.lookupPending { asset += " (looking up…)" }
            parts.append(asset)
            if let c = a.customer { parts.append("customer \(c)") }
            if let m = a.model { parts.append(m) }
            if let c = a.category { parts.append(c) }
        }
        if let id = bay.certificateID { parts.append("certificate \(id)") }
        if !bay.reasons.isEmpty { parts.append(bay.reasons.map(\.rawValue).joined(separator: ", ")) }
        if let m = bay.message { parts.append(m) }
        let warn = bay.message != nil && (bay.asset?.warnings.isEmpty == false || bay.state.name == "refused"
                                          || bay.state.name == "unidentified" || bay.message?.hasPrefix("asset tag refused") == true)
        return (" " + parts.joined(separator: " · "), warn ? .warning : .plain)
    }

    static func statusLine(_ board: StationBoard, view: ConsoleView, width: Int) -> ScreenLine {
        let source = board.monitorSource == "udev" ? "hot-plug: udev" : "hot-plug: kernel uevents (no udevd)"
        let text: String
        var style = ScreenLine.Style.status
        switch view.mode {
        case .assetEntry(let typed): text = "Asset tag for bay \(view.selected): \(typed)_   (Enter: look up · Esc: cancel)"
        case .confirmAbort(let bay):
            text = "Abort the wipe on bay \(bay)? It ends aborted, with a certificate. y: abort · n: keep going"
            style = .warning
        case .confirmQuit(let n):
            text = "\(n) wipe\(n == 1 ? "" : "s") running: quitting aborts \(n == 1 ? "it" : "them") (certified aborted). Quit? y/n"
            style = .warning
        case .quitting: text = "Stopping the running wipes and writing their certificates…"
        case .help, .details: text = "Esc or q: back"
        case .normal: text = view.notice ?? (board.status.isEmpty ? "Select a bay and press Enter to enter or scan its asset tag." : board.status)
        }
        let right = " " + source + " "
        let leftWidth = width - DisplayWidth.of(right)
        guard leftWidth >= 20 else { return ScreenLine(DisplayWidth.fit(" " + text, width), style: style) }
        return ScreenLine(DisplayWidth.fit(" " + text, leftWidth) + right, style: style)
    }

    static func footer(width: Int) -> String {
        let long = " ↑↓/jk move · Enter asset · s start · S start all · a abort · p profile · d details · ? help · q quit"
        return DisplayWidth.of(long) <= width ? long : " ↑↓ move ⏎ asset s start S all a abort p profile d details ? help q quit"
    }

    static let helpText: [String] = [
        " Bays are drive locations (ports, slots): a row keeps its place while drives come and go.",
        "",
        " ↑ ↓ j k    select a bay",
        " Enter      type or scan the selected bay's asset tag, then Enter (a scanner sends it)",
        "            a tag with warnings (not in the register, disposed, serial under another asset,",
        "            another customer) is confirmed by entering or scanning it again",
        " s          start the selected bay (ready bays only; refused drives never start)",
        " S          start every ready bay",
        " a          abort the selected bay's wipe (asks first; it ends aborted, with a certificate)",
        " p          next profile for the selected bay (P: for every bay)",
        " d          details of the selected bay",
        " q          quit (asks first while wipes run: they end aborted)",
        "",
        " Colours: yellow waiting · cyan ready · blue running · green passed · red failed/refused",
        "          magenta aborted · dim empty/removed",
    ]

    static func details(_ bay: Bay?) -> [String] {
        guard let bay else { return [" No bay selected."] }
        var out = [" Bay \(bay.number) at \(bay.location)", " State: \(bay.state.name)", " Device: \(bay.path)"]
        if let d = bay.device {
            out.append(" Model: \([d.vendor, d.model].compactMap { $0 }.joined(separator: " "))")
            out.append(" Serial: \(d.serial ?? "unknown")   WWN: \(d.wwn ?? "unknown")   Firmware: \(d.firmware ?? "unknown")")
            out.append(" Capacity: \(iec(d.size)) (\(d.size.bytes) bytes), sectors \(d.logicalSectorSize.bytes)/\(d.physicalSectorSize.bytes)")
            out.append(" Media: \(d.mediaType.rawValue), transport \(d.transport.rawValue)" + (d.loopBackingFile.map { ", backing file \($0)" } ?? ""))
            for r in d.refusals { out.append(" Refused: \(r.reason.rawValue): \(r.detail) — \(r.remedy)") }
        }
        if case .unidentified(let e) = bay.state { out.append(" Unidentified: \(e)") }
        if let a = bay.asset {
            out.append(" Asset: \(a.tag)   customer \(a.customer ?? "-")   model \(a.model ?? "-")   category \(a.category ?? "-")")
            for w in a.warnings { out.append(" Warning: \(w.description)" + (a.confirmed ? " (confirmed)" : "")) }
        }
        out.append(" Profile: \(bay.profile)")
        if let p = bay.progress {
            out.append(" Progress: \(Int((p.fraction * 100).rounded(.down)))% of the attempt, \(iec(ByteCount(UInt64(p.bytesPerSecond))))/s, errors \(p.errorCount)")
        }
        if let r = bay.result { out.append(" Result: \(r.rawValue)" + (bay.reasons.isEmpty ? "" : " (\(bay.reasons.map(\.rawValue).joined(separator: ", ")))")) }
        if let g = bay.health { out.append(" Health: \(g.rawValue)") } else if let n = bay.healthNote { out.append(" Health: not graded (\(n))") }
        if let c = bay.certificateID { out.append(" Certificate: \(c)") }
        if let m = bay.message { out.append(" Note: \(m)") }
        return out
    }

    // MARK: Units

    /// IEC units, one decimal ("931.5 GiB").
    static func iec(_ size: ByteCount) -> String { size.binaryDescription }

    static func media(_ m: MediaType) -> String {
        switch m {
        case .virtual: "virt"
        case .unknown: "?"
        default: m.rawValue
        }
    }

    static func duration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
