import StorageModel

/// One line of the console, as text of exactly the screen's width and a style.
public struct ScreenLine: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable {
        case plain, title, header, footer, status, warning, dim
        /// Bay rows, coloured by state.
        case waiting, ready, running, passed, failed, aborted, refused
    }

    public var text: String
    public var style: Style
    /// The selected bay (reverse video).
    public var selected: Bool

    public init(_ text: String, style: Style = .plain, selected: Bool = false) {
        self.text = text
        self.style = style
        self.selected = selected
    }

    /// SGR parameters for the style.
    var sgr: [String] {
        var codes: [String]
        switch style {
        case .plain: codes = []
        case .title: codes = ["1"]
        case .header: codes = ["1", "4"]
        case .footer: codes = ["7"]
        case .status: codes = ["1"]
        case .warning: codes = ["1", "33"]
        case .dim: codes = ["2"]
        case .waiting: codes = ["33"]
        case .ready: codes = ["36"]
        case .running: codes = ["1", "34"]
        case .passed: codes = ["32"]
        case .failed: codes = ["1", "31"]
        case .aborted: codes = ["35"]
        case .refused: codes = ["31"]
        }
        if selected && style != .footer { codes.append("7") }
        return codes
    }

    /// The line with its colour (plain ANSI SGR), or bare when colour is off (`NO_COLOR`).
    public func ansi(color: Bool) -> String {
        let codes = sgr
        guard color, !codes.isEmpty else { return text }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}
