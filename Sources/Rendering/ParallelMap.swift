import Foundation
import Dispatch
import Synchronization

/// `body(0..<count)` on every core, results in index order. Each worker takes the next index in
/// turn, so one slow item does not hold a whole share back.
enum ParallelMap {
    static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let results = Mutex([T?](repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let workers = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                let r = body(i)
                results.withLock { $0[i] = r }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
