import BlockIO
import Foundation
import Testing

@Suite("Thread names the kernel shows")
struct ThreadNameTests {
    /// The name reaches `/proc/self/task/TID/comm` (what `top -H`, `perf` and the station
    /// benchmark read), cut to the kernel's 15 bytes.
    @Test func theCallingThreadIsNamedAndTheNameIsCut() async throws {
        let comm: String = await withCheckedContinuation { continuation in
            let thread = Thread {
                SystemCall.nameCurrentThread("expunge.wipe and more")
                let text = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                continuation.resume(returning: text.trimmingCharacters(in: .newlines))
            }
            thread.start()
        }
        #expect(comm == "expunge.wipe an")
    }
}
