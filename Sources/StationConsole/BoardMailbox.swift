import Station
import Synchronization

/// The latest board the controller published, for a front end that draws on its own clock.
public final class BoardMailbox: Sendable {
    private let state = Mutex<(board: StationBoard, version: Int)>((StationBoard(), 0))

    public init() {}

    /// Give this to `BayController` as its `onChange`.
    public var post: @Sendable (StationBoard) -> Void {
        { [self] board in state.withLock { $0 = (board, $0.version + 1) } }
    }

    public var latest: (board: StationBoard, version: Int) { state.withLock { $0 } }
}
