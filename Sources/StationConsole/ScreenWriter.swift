/// Redraws only what changed: compares the new frame with the one on the screen and returns the
/// escape sequences that rewrite the changed lines (cursor positioning, then the line).
public struct ScreenWriter: Sendable {
    private var shown: [ScreenLine] = []
    private var shownSize: TerminalSize?
    public let color: Bool

    public init(color: Bool) { self.color = color }

    /// Forgets the screen (after a resize or a resume): the next frame is drawn in full.
    public mutating func invalidate() { shownSize = nil }

    /// The output that turns the screen into `frame`; empty when nothing changed.
    public mutating func update(_ frame: [ScreenLine], size: TerminalSize) -> String {
        var out = ""
        if shownSize != size {
            out += "\u{1B}[0m\u{1B}[2J"
            shown = []
            shownSize = size
        }
        for (i, line) in frame.enumerated() where i >= shown.count || shown[i] != line {
            out += "\u{1B}[\(i + 1);1H" + line.ansi(color: color) + "\u{1B}[0m"
        }
        shown = frame
        return out
    }
}
