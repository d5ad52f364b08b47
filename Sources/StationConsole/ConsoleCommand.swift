/// What a key asks the station to do.
public enum ConsoleCommand: Sendable, Hashable {
    case enterAsset(bay: Int, tag: String)
    case start(bay: Int)
    case startAll
    case abort(bay: Int)
    case cycleProfile(bay: Int)
    case cycleProfileForAll
    /// Quit; `abortingRunning` once the operator confirmed that running wipes end aborted.
    case quit(abortingRunning: Bool)
}
