import Devices
import Evidence
import Foundation
import Sanitization
import StorageModel

/// Drives a `StationBoard` from the outside world: hot-plug rescans, asset lookups in the
/// register, and one station run per bay. Every front end of the console (the full-screen
/// terminal, the headless JSON mode) talks to the station through it; tests drive it with fake
/// drives and fake devices.
public actor BayController {
    /// What the console was started with.
    public struct Settings: Sendable {
        public var operatorID: String?
        /// The customer this session works for: a register asset of another customer is a warning.
        public var customer: String?
        /// Take the asset tag from the register asset whose serial matches the drive's.
        public var assetFromSerial: Bool
        /// Every wipeable drive belongs to this asset (the drives of one computer, wiped in place):
        /// given by the operator at start, it counts as confirmed; register warnings are not asked.
        public var fixedAsset: String?
        /// Start every bay as soon as it is ready, whatever its profile says (`--auto`).
        public var autoStart: Bool
        public var profiles: StationProfiles

        public init(operatorID: String? = nil, customer: String? = nil, assetFromSerial: Bool = false, fixedAsset: String? = nil,
                    autoStart: Bool = false, profiles: StationProfiles = StationProfiles()) {
            self.operatorID = operatorID
            self.customer = customer
            self.assetFromSerial = assetFromSerial
            self.fixedAsset = fixedAsset
            self.autoStart = autoStart
            self.profiles = profiles
        }
    }

    public private(set) var board: StationBoard
    public let settings: Settings
    let station: Station
    let discovery: any BayDiscovery
    let checker: AssetChecker?
    /// The run of each bay whose wipe is under way, by bay number.
    private var runs: [Int: (run: WipeRun, path: String, verification: VerificationMode)] = [:]
    private var runTasks: [Int: Task<Void, Never>] = [:]
    /// Every attempt's result, in the order they ended.
    public private(set) var results: [DeviceWipeResult] = []
    private let session = CancellationFlag()
    private let onChange: @Sendable (StationBoard) -> Void
    /// Prints certificate PDFs and labels for profiles that ask for them.
    let paperwork: (any PaperworkWriter)?
    private var paperworkTasks: [Task<Void, Never>] = []
    /// The discovery's presence summary at the last full scan, and when that scan ran.
    private var scannedPresence: String?
    private var lastFullScan: ContinuousClock.Instant?

    public init(station: Station, discovery: any BayDiscovery, checker: AssetChecker?, settings: Settings, monitorSource: String,
                paperwork: (any PaperworkWriter)? = nil, onChange: @escaping @Sendable (StationBoard) -> Void = { _ in }) {
        self.paperwork = paperwork
        self.station = station
        self.discovery = discovery
        self.checker = checker
        self.settings = settings
        self.onChange = onChange
        board = StationBoard(defaultProfile: settings.profiles.defaultName, operatorID: settings.operatorID, monitorSource: monitorSource)
    }

    private func changed() { onChange(board) }

    public func setStatus(_ text: String) {
        board.status = text
        changed()
    }

    /// Names the computer wiped in place, for the title.
    public func setMachine(_ text: String) {
        board.machine = text
        changed()
    }

    // MARK: Hot-plug

    /// The periodic safety net: a full `rescan()` when the discovery's cheap presence summary
    /// changed since the last one, or when that scan is older than `fullScanEvery` (or the
    /// discovery has no summary). With 16 idle bays a full scan each second cost 2–3 % of a core.
    public func periodicRescan(fullScanEvery: Duration) async {
        let presence = discovery.presence()
        if let last = lastFullScan, last.duration(to: .now) < fullScanEvery, presence != nil, presence == scannedPresence {
            return
        }
        await rescan(presence: presence)
    }

    /// Compares what is attached with the board: new drives are identified, gone ones removed (a
    /// running wipe on a removed drive is stopped, `device-removed`). Called on every hot-plug
    /// event and by the periodic rescan.
    public func rescan() async { await rescan(presence: discovery.presence()) }

    /// `presence`: the summary read just before this scan (the periodic check has read it already).
    private func rescan(presence: String?) async {
        scannedPresence = presence
        lastFullScan = .now
        let drives: [DiscoveredDrive]
        do { drives = try discovery.scan() } catch {
            board.status = "cannot list drives: \((error as? any OperatorError)?.message ?? "\(error)")"
            changed()
            return
        }
        let before = board
        let present = Set(drives.map(\.location))
        for bay in board.bays where bay.isPresent && !present.contains(bay.location) {
            if board.deviceRemoved(location: bay.location), let r = runs[bay.number] {
                r.run.cancel(device: r.path, because: .deviceRemoved)
            }
        }
        var lookups: [(String, String)] = []
        var fixed: [String] = []
        for drive in drives {
            let existing = board.index(ofLocation: drive.location).map { board.bays[$0] }
            let isNew = existing == nil || existing?.isPresent == false || existing?.state == .removed
            if isNew { board.deviceAppeared(location: drive.location, path: drive.path) }
            guard let bay = board.index(ofLocation: drive.location).map({ board.bays[$0] }) else { continue }
            // Running and certified bays keep their facts: the drive is ours (held open) or done.
            switch bay.state {
            case .running, .verifying, .certified, .removed, .empty: continue
            default: break
            }
            // Re-identify a new drive, or one whose listing changed (a refusal came or went).
            let listingChanged = !isNew && bay.device.map { !Self.sameListing($0, drive.descriptor) } ?? true
            guard isNew || listingChanged else { continue }
            switch discovery.identify(drive) {
            case .success(let d):
                if isNew, d.isWipeable, let tag = settings.fixedAsset {
                    board.identified(location: drive.location, descriptor: d, lookingUpAsset: true)
                    board.assetFromSerial(location: drive.location, BayAsset(tag: tag, customer: settings.customer, confirmed: true))
                    fixed.append(drive.location)
                    continue
                }
                let lookUp = isNew && settings.assetFromSerial && checker != nil && d.isWipeable && d.serial != nil
                board.identified(location: drive.location, descriptor: d, lookingUpAsset: lookUp)
                if lookUp, let serial = d.serial { lookups.append((drive.location, serial)) }
            case .failure(let e):
                board.identificationFailed(location: drive.location, path: drive.path, error: e.message)
            }
        }
        if board != before { changed() }
        for location in fixed {
            if let i = board.index(ofLocation: location) { await autoStartIfAsked(board.bays[i].number) }
        }
        for (location, serial) in lookups { await assetFromSerial(location: location, serial: serial) }
    }

    /// The facts that decide identification: same node, size, identity and refusal reasons.
    static func sameListing(_ a: DeviceDescriptor, _ b: DeviceDescriptor) -> Bool {
        // The scan does not probe exclusivity; identification does, so `busy` is left out.
        let reasons = { (d: DeviceDescriptor) in d.refusals.map(\.reason).filter { $0 != .busy } }
        return a.path == b.path && a.size == b.size && a.serial == b.serial && a.model == b.model && reasons(a) == reasons(b)
    }

    private func assetFromSerial(location: String, serial: String) async {
        guard let checker else { return }
        let asset = await checker.asset(forSerial: serial)
        board.assetFromSerial(location: location, asset)
        changed()
        if let i = board.index(ofLocation: location) { await autoStartIfAsked(board.bays[i].number) }
    }

    // MARK: Operator actions

    /// An asset tag typed or scanned for a bay: validated, looked up in the register, shown with
    /// its warnings; the same tag again confirms them.
    public func enterAsset(bay number: Int, tag: String) async throws(BayRejection) {
        let entry: StationBoard.AssetEntry
        do { entry = try board.enterAsset(bay: number, tag: tag) } catch {
            changed()
            throw error
        }
        changed()
        switch entry {
        case .confirmed:
            await autoStartIfAsked(number)
        case .lookUp(let tag):
            let serial = board.bay(number)?.device?.serial
            let asset = await checker?.check(tag: tag, serial: serial) ?? BayAsset(tag: tag, warnings: [.registerUnavailable("no record store")])
            board.assetLookedUp(bay: number, asset)
            changed()
            await autoStartIfAsked(number)
        }
    }

    private func autoStartIfAsked(_ number: Int) async {
        guard let bay = board.bay(number), bay.state == .ready,
              settings.autoStart || settings.profiles.named(bay.profile)?.autoStart == true else { return }
        try? await start(bay: number)
    }

    public func setProfile(bay number: Int, _ name: String) throws(BayRejection) {
        guard settings.profiles.named(name) != nil else { throw BayRejection(.noSuchBay, "there is no profile \(name)") }
        try board.setProfile(bay: number, name)
        changed()
    }

    /// Selects the next profile for a bay (the console's `p`).
    public func cycleProfile(bay number: Int) throws(BayRejection) {
        guard let bay = board.bay(number) else { throw BayRejection(.noSuchBay, "there is no bay \(number)") }
        try setProfile(bay: number, settings.profiles.next(after: bay.profile))
    }

    /// Sets one profile on every bay that is not running.
    public func setProfileForAll(_ name: String) throws(BayRejection) {
        guard settings.profiles.named(name) != nil else { throw BayRejection(.noSuchBay, "there is no profile \(name)") }
        for bay in board.bays where !bay.state.isActive { try? board.setProfile(bay: bay.number, name) }
        board.defaultProfile = name
        changed()
    }

    /// Starts a ready bay with its profile. Refused and unidentified bays never start; a refusal
    /// found at the last check (the drive got mounted meanwhile) refuses the bay.
    public func start(bay number: Int) async throws(BayRejection) {
        if let failure = startBatch([number])[number] { throw failure }
    }

    /// Starts every ready bay; returns the bays started.
    @discardableResult
    public func startAllReady() async -> [Int] {
        let ready = board.readyBays
        let failures = startBatch(ready)
        return ready.filter { failures[$0] == nil }
    }

    /// Prepares the bays together — one inventory scan per profile and level, not one per bay —
    /// and starts each prepared one. Purge-else-clear falls back to Clear only for drives that
    /// offer no Purge technique. Returns why the others did not start.
    private func startBatch(_ numbers: [Int]) -> [Int: BayRejection] {
        struct Candidate {
            var number: Int
            var bay: Bay
            var asset: BayAsset
            var profile: StationProfile
            var levels: [SanitizationLevel]
        }
        var failures: [Int: BayRejection] = [:]
        var round: [Candidate] = []
        for n in numbers {
            do {
                let bay = try board.checkStart(bay: n)
                guard let asset = bay.asset, let profile = settings.profiles.named(bay.profile) else {
                    failures[n] = BayRejection(.notStartable, "bay \(n) has no usable profile")
                    continue
                }
                let levels: [SanitizationLevel] = switch profile.policy {
                case .clear: [.clear]
                case .purge: [.purge]
                case .purgeElseClear: [.purge, .clear]
                }
                round.append(Candidate(number: n, bay: bay, asset: asset, profile: profile, levels: levels))
            } catch {
                failures[n] = error
            }
        }
        var prepared: [(Candidate, PreparedWipe, WipeRequest)] = []
        while !round.isEmpty {
            var next: [Candidate] = []
            var groups: [String: [Candidate]] = [:]
            var order: [String] = []
            for c in round {
                let key = "\(c.profile.name)/\(c.levels[0].rawValue)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(c)
            }
            for key in order {
                let group = groups[key]!
                let level = group[0].levels[0]
                let requests = group.map {
                    $0.profile.request(path: $0.bay.path, level: level, assetID: $0.asset.tag, operatorID: settings.operatorID,
                                       customer: $0.asset.customer ?? settings.customer)
                }
                var together = requests[0]
                together.devicePaths = requests.map { $0.devicePaths[0] }
                let preparations: [DevicePreparation]
                do { preparations = try station.prepare(together) } catch {
                    for c in group {
                        failures[c.number] = BayRejection(.notStartable, "cannot list drives: \((error as? any OperatorError)?.message ?? "\(error)")")
                    }
                    continue
                }
                for (i, c) in group.enumerated() where i < preparations.count {
                    switch preparations[i] {
                    case .ready(let p): prepared.append((c, p, requests[i]))
                    case .refused(let why):
                        if level == .purge && c.levels.count > 1 && why.exitStatus == .notSupported {
                            var fallback = c
                            fallback.levels.removeFirst()
                            next.append(fallback)
                        } else {
                            let reasons = why.reasons.isEmpty ? ["the drive cannot be prepared"] : why.reasons
                            board.startRefused(bay: c.number, reasons: reasons)
                            failures[c.number] = BayRejection(.notStartable, "bay \(c.number) refused: \(reasons.joined(separator: "; "))")
                        }
                    }
                }
            }
            round = next
        }
        for (c, p, request) in prepared {
            do { try launch(c.number, location: c.bay.location, prepared: p, request: request) } catch { failures[c.number] = error }
        }
        changed()
        return failures
    }

    private func launch(_ number: Int, location: String, prepared: PreparedWipe, request: WipeRequest) throws(BayRejection) {
        try board.started(bay: number, passes: prepared.purge == nil ? request.patterns.count : 1)
        if let d = board.bay(number)?.device, d.size != prepared.descriptor.size {
            board.identified(location: location, descriptor: prepared.descriptor)
        }
        let run = station.start([prepared], request: request, cancellation: CancellationFlag(parent: session))
        runs[number] = (run, prepared.path, prepared.purge == nil ? request.verification : .sample)
        runTasks[number] = Task { [weak self] in
            for await event in run.events { await self?.handle(event, bay: number) }
            let results = await run.results()
            await self?.ended(bay: number, results)
        }
    }

    /// Stops a bay's wipe at its next chunk (or before its firmware command); it ends `aborted`.
    public func abort(bay number: Int) throws(BayRejection) {
        guard let r = runs[number] else { throw BayRejection(.notRunning, "bay \(number) is not running") }
        _ = r.run.cancel(device: r.path, because: .abortedByOperator)
        board.status = "stopping bay \(number)…"
        changed()
    }

    /// Stops every running wipe: `reason` is `.abortedByOperator` for a quit or abort command,
    /// `.abortedBySignal` for a signal; each attempt's certificate names it.
    public func abortAll(because reason: FailureReason) {
        session.cancel()
        for r in runs.values { _ = r.run.cancel(device: r.path, because: reason) }
        if !runs.isEmpty {
            board.status = "stopping \(runs.count) wipe\(runs.count == 1 ? "" : "s")…"
            changed()
        }
    }

    /// Waits until every wipe started so far has ended and been certified, and its paperwork
    /// printed.
    public func waitForRuns() async {
        while let (number, task) = runTasks.first {
            await task.value
            runTasks[number] = nil
        }
        while let task = paperworkTasks.first {
            await task.value
            paperworkTasks.removeFirst()
        }
    }

    public var runningCount: Int { runs.count }

    /// Nothing is under way or about to start: no wipe runs (a run leaves once certified), and
    /// no present drive is being identified, looked up or waiting to start on its own. What
    /// `--auto` waits for before it ends the session (then `waitForRuns` lets paperwork finish).
    public var isSettled: Bool {
        guard runs.isEmpty else { return false }
        return !board.bays.contains { bay in
            guard bay.isPresent else { return false }
            switch bay.state {
            case .detected, .identified: return true
            case .ready: return settings.autoStart
            case .awaitingAsset: return bay.asset?.lookupPending == true
            default: return false
            }
        }
    }

    // MARK: Station events

    private func handle(_ event: StationEvent, bay number: Int) {
        guard let r = runs[number] else { return }
        let before = board
        board.apply(event, bay: number, verification: r.verification)
        if board != before { changed() }
    }

    private func ended(bay number: Int, _ ended: [DeviceWipeResult]) {
        results += ended
        runs[number] = nil
        board.runEnded(bay: number)
        if let r = ended.first {
            board.status = "bay \(number): \(r.outcome.result.rawValue)" + (r.certificate.map { ", certificate \($0.id)" } ?? ", NO CERTIFICATE")
        }
        changed()
        printPaperwork(bay: number, ended)
    }

    /// When the bay's profile asks for it, prints each written certificate's PDF and label off
    /// the actor (rendering takes milliseconds; the board keeps moving) and reports the files or
    /// the failure in the status line. A failure to print never touches the certificate.
    private func printPaperwork(bay number: Int, _ ended: [DeviceWipeResult]) {
        guard let writer = paperwork, let profile = board.bay(number).flatMap({ settings.profiles.named($0.profile) }),
              let wanted = profile.paperwork, !wanted.isEmpty else { return }
        for entry in ended.compactMap(\.certificate) {
            paperworkTasks.append(Task.detached { [weak self] in
                let status: String
                do {
                    let files = try await writer.write(entry, wanted)
                    status = "bay \(number): printed " + files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                } catch {
                    status = "bay \(number): certificate \(entry.id) written, but its PDF was not: \(error)"
                }
                await self?.setStatus(status)
            })
        }
    }
}
