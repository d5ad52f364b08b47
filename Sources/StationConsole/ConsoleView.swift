/// What the operator sees besides the station's state: the selected bay, an open prompt or
/// overlay, and the latest answer to a key. Changed only by `ConsoleInput`.
public struct ConsoleView: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case normal
        /// Typing or scanning an asset tag for the selected bay.
        case assetEntry(String)
        /// Asking before aborting the selected bay's wipe.
        case confirmAbort(bay: Int)
        /// Asking before quitting while wipes run (they would end aborted).
        case confirmQuit(running: Int)
        case help
        case details
        /// Quitting: waiting for the aborted wipes to be certified.
        case quitting
    }

    /// The selected bay's number (0 when there is none yet).
    public var selected: Int
    public var mode: Mode
    /// The answer to the last key (a refusal, a confirmation), shown in the status line.
    public var notice: String?
    /// First bay row shown when there are more bays than rows.
    public var scroll: Int

    public init(selected: Int = 0, mode: Mode = .normal, notice: String? = nil, scroll: Int = 0) {
        self.selected = selected
        self.mode = mode
        self.notice = notice
        self.scroll = scroll
    }
}
