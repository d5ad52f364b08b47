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

    /// The latest passed certificates that cannot stand for their whole drive: an NVMe namespace
    /// (or a Format of every namespace) whose controller has unallocated capacity or an unknown
    /// layout, or other namespaces without a latest passed certificate of their own in the same
    /// asset. Such a certificate is evidence for its namespace only, never by itself that the
    /// drive is sanitized.
    public static func notCoveringTheirDrive(_ latest: [CertificateIndexEntry]) -> [CertificateIndexEntry] {
        let passed = latest.filter { $0.result == .passed }
        var passedNamespaces: [String: Set<UInt32>] = [:]
        for c in passed {
            if let k = c.controllerKey, let ns = c.namespaceID { passedNamespaces[k, default: []].insert(ns) }
        }
        return passed.filter { c in
            guard !c.scopeWholeDevice else { return false }
            guard let controller = c.controllerKey, c.unallocatedBytes == 0, c.namespaceID != nil else { return true }
            return !Set(c.otherNamespaceIDs).isSubset(of: passedNamespaces[controller] ?? [])
        }
    }

    /// Whether every storage device wiped for the asset passed its latest attempt (and there is
    /// one), and every drive is covered whole (`notCoveringTheirDrive` is empty).
    public static func allDevicesPassed(_ certificates: [CertificateIndexEntry]) -> Bool {
        let latest = latestPerDevice(certificates)
        return !latest.isEmpty && latest.allSatisfy { $0.result == .passed } && notCoveringTheirDrive(latest).isEmpty
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
                      devicesNotPassed: latest.filter { $0.result != .passed }.count,
                      devicesNotCovered: notCoveringTheirDrive(latest).count)
    }

    /// The same rule from summaries (the store computes them in SQL for listings): the latest
    /// disposal decides; then an awaiting-destruction mark; then the devices' latest attempts —
    /// a failed one makes the asset `sanitization-failed`; passed ones that do not cover their
    /// whole drive (an NVMe namespace alone) make it `sanitization-incomplete`, never `sanitized`.
    public static func status(latestRoute: DisposalRoute?, markedAwaitingDestruction: Bool, devices: Int, devicesNotPassed: Int,
                              devicesNotCovered: Int = 0) -> LifecycleStatus {
        if let route = latestRoute { return route.lifecycleStatus }
        if markedAwaitingDestruction { return .awaitingDestruction }
        if devices == 0 { return .recovered }
        if devicesNotPassed > 0 { return .sanitizationFailed }
        return devicesNotCovered == 0 ? .sanitized : .sanitizationIncomplete
    }
}
