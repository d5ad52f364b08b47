import StorageModel

/// An asset's status, derived from its events: wipe certificates, disposal records and marks.
public enum AssetLifecycle {
    /// The latest certificate of each storage device of the asset.
    public static func latestPerDevice(_ certificates: [CertificateIndexEntry]) -> [CertificateIndexEntry] {
        var latest: [String: CertificateIndexEntry] = [:]
        for c in certificates {
            if let current = latest[c.deviceKey], (current.issuedAt, current.sequence) >= (c.issuedAt, c.sequence) { continue }
            latest[c.deviceKey] = c
        }
        return latest.values.sorted { $0.deviceKey < $1.deviceKey }
    }

    /// Whether every storage device wiped for the asset passed its latest attempt (and there is one).
    public static func allDevicesPassed(_ certificates: [CertificateIndexEntry]) -> Bool {
        let latest = latestPerDevice(certificates)
        return !latest.isEmpty && latest.allSatisfy { $0.result == "passed" }
    }

    public static func status(certificates: [CertificateIndexEntry], disposals: [DisposalIndexEntry],
                              markedAwaitingDestruction: Bool) -> LifecycleStatus {
        if let last = disposals.max(by: { ($0.disposedOn, $0.issuedAt) < ($1.disposedOn, $1.issuedAt) }) {
            return last.route.lifecycleStatus
        }
        if markedAwaitingDestruction { return .awaitingDestruction }
        if certificates.isEmpty { return .recovered }
        return allDevicesPassed(certificates) ? .sanitized : .sanitizationFailed
    }
}
