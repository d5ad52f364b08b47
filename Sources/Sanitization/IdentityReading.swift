import StorageModel

/// Reads a device's identity as it is now: at the start of a job and again at its end.
public protocol IdentityReading: Sendable {
    func currentIdentity() throws -> DeviceIdentity
}

/// The clock a job reads: wall time for the record, a monotonic count for rates and throttling.
public protocol WipeClock: Sendable {
    func now() -> Date
    /// Monotonic nanoseconds.
    func uptimeNanoseconds() -> UInt64
    /// Waits between status polls (a fake clock advances instead).
    func sleep(seconds: Double)
}

import Foundation
import Glibc

public struct SystemWipeClock: WipeClock {
    public init() {}
    public func now() -> Date { Date() }
    public func uptimeNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

extension WipeClock {
    /// Really waits: the default for clocks that do not fake time.
    public func sleep(seconds: Double) { usleep(useconds_t(seconds * 1_000_000)) }
}
