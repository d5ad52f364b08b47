/// A key press as the console understands it.
public enum Key: Sendable, Hashable {
    case up, down, enter, escape, backspace
    /// Ctrl-C (raw mode delivers it as a byte, not a signal).
    case interrupt
    case character(Character)
}
