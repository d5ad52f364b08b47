import Sanitization
import Synchronization

/// Turns one device's progress samples into station events, adding `passStarted` and
/// `verificationStarted` when the sample's pass or phase changes.
final class ProgressEvents: Sendable {
    private let emit: @Sendable (StationEvent) -> Void
    private let last = Mutex<(pass: Int, phase: ProgressSample.Phase?)>((0, nil))

    init(emit: @escaping @Sendable (StationEvent) -> Void) { self.emit = emit }

    func receive(_ sample: ProgressSample) {
        let (newPass, startedVerifying) = last.withLock { state -> (Bool, Bool) in
            let newPass = sample.phase == .writing && sample.pass != state.pass
            let verifying = sample.phase == .verifying && state.phase != .verifying
            if sample.phase == .writing { state.pass = sample.pass }
            state.phase = sample.phase
            return (newPass, verifying)
        }
        if newPass { emit(.passStarted(device: sample.devicePath, pass: sample.pass, of: sample.passCount)) }
        if startedVerifying { emit(.verificationStarted(device: sample.devicePath)) }
        emit(.progress(sample))
    }

    var handler: ProgressHandler { { [self] in receive($0) } }
}
