import BlockIO
import Fakes
@testable import Sanitization
import Testing

@Suite("Status polling on the job's clock")
struct StatusPollerTests {
    @Test func pollsEveryIntervalUntilTheDriveDecides() throws {
        let clock = InstantClock()
        var polls = 0
        let outcome = try StatusPoller(clock: clock, interval: 5).run { () throws(Errno) -> StatusPoller.Step in
            polls += 1
            return polls < 4 ? .pending : .finished(.completed)
        }
        #expect(outcome == .completed)
        #expect(polls == 4)
        #expect(clock.uptimeNanoseconds() == 15_000_000_000, "three sleeps of 5 s on the instant clock, none after the last poll")
    }

    @Test func givesUpAtTheLimit() throws {
        let clock = InstantClock()
        var polls = 0
        let outcome = try StatusPoller(clock: clock, interval: 1, limit: 10).run { () throws(Errno) -> StatusPoller.Step in
            polls += 1
            return .pending
        }
        #expect(outcome == nil)
        #expect(polls == 10)
    }
}
