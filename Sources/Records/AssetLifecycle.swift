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

    /// The disposal records that count: those no other record supersedes.
    public static func current(_ disposals: [DisposalIndexEntry]) -> [DisposalIndexEntry] {
        let superseded = Set(disposals.compactMap(\.supersedes))
        return disposals.filter { !superseded.contains($0.recordID) }
    }

    public static func status(certificates: [CertificateIndexEntry], disposals: [DisposalIndexEntry],
                              markedAwaitingDestruction: Bool) -> LifecycleStatus {
        let latest = latestPerDevice(certificates)
        return status(latestRoute: current(disposals).max(by: { ($0.disposedOn, $0.issuedAt) < ($1.disposedOn, $1.issuedAt) })?.route,
                      markedAwaitingDestruction: markedAwaitingDestruction, devices: latest.count,
                      devicesNotPassed: latest.filter { $0.result != "passed" }.count)
    }

    /// The same rule from summaries (the store computes them in SQL for listings): the latest
    /// disposal decides; then an awaiting-destruction mark; then the devices' latest attempts.
    public static func status(latestRoute: DisposalRoute?, markedAwaitingDestruction: Bool, devices: Int, devicesNotPassed: Int) -> LifecycleStatus {
        if let route = latestRoute { return route.lifecycleStatus }
        if markedAwaitingDestruction { return .awaitingDestruction }
        if devices == 0 { return .recovered }
        return devicesNotPassed == 0 ? .sanitized : .sanitizationFailed
    }
}
