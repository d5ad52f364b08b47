import StorageModel

/// The exit status of a run over one or many devices.
public enum ExitStatusAggregation {
    /// 0 all passed (or unverified by request); 130 if interrupted; 3 if the only failures are
    /// verification mismatches; 2 if they are all "not supported"; 4 when several devices and
    /// some failed; 1 otherwise, and 1 when every outcome succeeded but a certificate is missing.
    public static func status(_ outcomes: [WipeOutcome], certificatesMissing: Bool) -> ExitStatus {
        let statuses = outcomes.map(\.exitStatus)
        if statuses.contains(.interrupted) { return .interrupted }
        let failures = statuses.filter { $0 != .success }
        if failures.isEmpty { return certificatesMissing ? .failed : .success }
        if outcomes.count > 1 && failures.count < outcomes.count { return .someFailed }
        if failures.allSatisfy({ $0 == .verificationFailed }) { return .verificationFailed }
        if failures.allSatisfy({ $0 == .notSupported }) { return .notSupported }
        return outcomes.count > 1 ? .someFailed : .failed
    }

    public static func status(_ results: [DeviceWipeResult]) -> ExitStatus {
        status(results.map(\.outcome), certificatesMissing: results.contains { $0.certificate == nil })
    }
}
