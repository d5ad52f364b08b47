import Devices
import Sanitization
import StorageModel

/// Every bay of a station console and the transitions between their states. A value type with
/// no I/O: the controller feeds it device, asset and station events, and front ends render it.
/// Each transition that the operator asks for and the state does not allow is refused with a
/// `BayRejection`; the board is unchanged then.
public struct StationBoard: Sendable, Hashable {
    public private(set) var bays: [Bay] = []
    /// The profile new bays start with.
    public var defaultProfile: String
    public var operatorID: String?
    /// How hot-plug events arrive (`udev`, `kernel`), shown in the footer.
    public var monitorSource: String
    /// The latest station-wide message.
    public var status: String
    /// The computer whose own drives this session wipes (`--in-place`, from its DMI identity),
    /// shown in the title so the technician sees which laptop the stick booted.
    public var machine: String?

    public init(defaultProfile: String = StationProfile.defaultName, operatorID: String? = nil, monitorSource: String = "udev",
                status: String = "") {
        self.defaultProfile = defaultProfile
        self.operatorID = operatorID
        self.monitorSource = monitorSource
        self.status = status
    }

    public func index(ofLocation location: String) -> Int? { bays.firstIndex { $0.location == location } }
    public func index(ofBay number: Int) -> Int? { bays.firstIndex { $0.number == number } }
    public func bay(_ number: Int) -> Bay? { index(ofBay: number).map { bays[$0] } }

    public var activeCount: Int { bays.filter { $0.state.isActive }.count }
    public var readyBays: [Int] { bays.filter { $0.state == .ready && $0.isPresent }.map(\.number) }

    // MARK: Devices

    /// A drive appeared at `location`: a new bay is appended, or an empty/removed bay is reused
    /// (a fresh drive: asset, progress and result are cleared). Returns the bay number.
    @discardableResult
    public mutating func deviceAppeared(location: String, path: String) -> Int {
        guard let i = index(ofLocation: location) else {
            var bay = Bay(number: bays.count + 1, location: location, path: path, profile: defaultProfile)
            bay.state = .detected
            bays.append(bay)
            return bay.number
        }
        var bay = bays[i]
        if bay.isPresent && bay.state != .removed && bay.state != .empty { return bay.number }
        // The attempt of a drive pulled mid-wipe is still being stopped and certified: the new
        // drive is taken in once the bay shows that attempt's result (the next rescan).
        if bay.state.isActive { return bay.number }
        bay.path = path
        bay.state = .detected
        bay.device = nil
        bay.asset = nil
        bay.progress = nil
        bay.certificateID = nil
        bay.reasons = []
        bay.message = nil
        bay.lastResult = nil
        bay.isPresent = true
        bay.removedDuringRun = false
        bays[i] = bay
        return bay.number
    }

    /// The drive's identity was read. A drive with refusals is `refused` for good; a wipeable one
    /// awaits its asset, or is `identified` while its asset is looked up from the serial. An
    /// identified drive that is re-read (a refusal went away or came) moves between refused and
    /// awaiting asset; a bay that is running or certified only updates its facts.
    public mutating func identified(location: String, descriptor: DeviceDescriptor, lookingUpAsset: Bool = false) {
        guard let i = index(ofLocation: location) else { return }
        var bay = bays[i]
        bay.device = descriptor
        bay.path = descriptor.path
        switch bay.state {
        case .detected, .identified, .refused, .awaitingAsset, .ready, .unidentified:
            if !descriptor.isWipeable {
                bay.state = .refused(reasons: descriptor.refusals.map { "\($0.reason.rawValue): \($0.detail)" })
                bay.message = descriptor.refusals.first.map { "\($0.detail) — \($0.remedy)" }
            } else if case .refused = bay.state {
                bay.state = bay.asset?.isSettled == true ? .ready : .awaitingAsset
                bay.message = nil
            } else if case .unidentified = bay.state {
                bay.state = .awaitingAsset
                bay.message = nil
            } else if bay.state == .detected {
                bay.state = lookingUpAsset ? .identified : .awaitingAsset
            }
        default:
            break
        }
        bays[i] = bay
    }

    /// The drive could not be identified: it stays on its bay, `unidentified`, never startable.
    public mutating func identificationFailed(location: String, path: String, error: String) {
        if index(ofLocation: location) == nil { deviceAppeared(location: location, path: path) }
        guard let i = index(ofLocation: location) else { return }
        guard !bays[i].state.isActive else { return }
        bays[i].state = .unidentified(error: error)
        bays[i].message = error
    }

    /// The drive left. A bay whose wipe runs keeps running until its attempt is certified (the
    /// controller stops it with reason `device-removed`); returns true in that case.
    @discardableResult
    public mutating func deviceRemoved(location: String) -> Bool {
        guard let i = index(ofLocation: location), bays[i].isPresent else { return false }
        bays[i].isPresent = false
        if bays[i].state.isActive {
            bays[i].removedDuringRun = true
            bays[i].message = "drive removed during the wipe: stopping, the attempt ends aborted"
            return true
        }
        bays[i].lastResult = bays[i].result
        bays[i].state = .removed
        return false
    }

    // MARK: Assets

    /// What entering a tag leads to.
    public enum AssetEntry: Sendable, Hashable {
        /// Look the tag up in the register.
        case lookUp(String)
        /// The same tag entered again: its warnings are confirmed; the bay is ready.
        case confirmed
    }

    /// The operator typed or scanned an asset tag for a bay. An invalid tag is refused with the
    /// reason (shown on the bay). Entering the tag shown with warnings again confirms them.
    public mutating func enterAsset(bay number: Int, tag: String) throws(BayRejection) -> AssetEntry {
        guard let i = index(ofBay: number) else { throw BayRejection(.noSuchBay, "there is no bay \(number)") }
        if let problem = BayRejection.checkAssetTag(tag) {
            bays[i].message = "asset tag refused: \(problem.message)"
            throw problem
        }
        let bay = bays[i]
        guard bay.isPresent, bay.state.acceptsAsset else {
            let why = "bay \(number) is \(bay.state.name): no asset can be entered now"
            bays[i].message = why
            throw BayRejection(.notStartable, why)
        }
        if let asset = bay.asset, asset.tag == tag, !asset.lookupPending, !asset.warnings.isEmpty, !asset.confirmed {
            bays[i].asset?.confirmed = true
            bays[i].state = .ready
            bays[i].message = "warnings confirmed for \(tag)"
            return .confirmed
        }
        if case .certified = bay.state {
            // A new attempt on the same drive: the previous result stays in its certificate.
            bays[i].progress = nil
            bays[i].certificateID = nil
            bays[i].reasons = []
        }
        bays[i].asset = BayAsset(tag: tag, lookupPending: true)
        bays[i].state = .awaitingAsset
        bays[i].message = "looking up \(tag)…"
        return .lookUp(tag)
    }

    /// The register answered for the tag entered. Without warnings the bay is ready; with
    /// warnings it waits for the tag to be entered again. A stale answer (another tag was
    /// entered since) is ignored.
    public mutating func assetLookedUp(bay number: Int, _ asset: BayAsset) {
        guard let i = index(ofBay: number), bays[i].asset?.tag == asset.tag, bays[i].asset?.lookupPending == true else { return }
        var a = asset
        a.lookupPending = false
        bays[i].asset = a
        guard bays[i].state == .awaitingAsset || bays[i].state == .identified else { return }
        if a.warnings.isEmpty {
            bays[i].state = .ready
            bays[i].message = nil
        } else {
            bays[i].state = .awaitingAsset
            bays[i].message = a.warnings.map(\.description).joined(separator: "; ") + " — enter \(a.tag) again to confirm"
        }
    }

    /// The asset was taken from the register by the drive's serial (`--asset-from-serial`), or
    /// no register asset has that serial (nil): the bay then awaits a tag.
    public mutating func assetFromSerial(location: String, _ asset: BayAsset?) {
        guard let i = index(ofLocation: location), bays[i].state == .identified else { return }
        if var a = asset {
            a.lookupPending = false
            bays[i].asset = a
            bays[i].state = a.isSettled ? .ready : .awaitingAsset
            if !a.warnings.isEmpty {
                bays[i].message = a.warnings.map(\.description).joined(separator: "; ") + " — enter \(a.tag) again to confirm"
            }
        } else {
            bays[i].state = .awaitingAsset
            bays[i].message = "no register asset has this drive's serial: enter the asset tag"
        }
    }

    public mutating func setProfile(bay number: Int, _ profile: String) throws(BayRejection) {
        guard let i = index(ofBay: number) else { throw BayRejection(.noSuchBay, "there is no bay \(number)") }
        guard !bays[i].state.isActive else { throw BayRejection(.busy, "bay \(number) is running; its profile cannot change") }
        bays[i].profile = profile
    }

    // MARK: Running

    /// Checks that a bay may start: only `ready` bays with their drive present. Refused and
    /// unidentified drives can never start.
    public func checkStart(bay number: Int) throws(BayRejection) -> Bay {
        guard let i = index(ofBay: number) else { throw BayRejection(.noSuchBay, "there is no bay \(number)") }
        let bay = bays[i]
        switch bay.state {
        case .ready where bay.isPresent && bay.asset?.isSettled == true: return bay
        case .refused(let reasons): throw BayRejection(.notStartable, "bay \(number) is refused: \(reasons.joined(separator: "; "))")
        case .unidentified(let e): throw BayRejection(.notStartable, "bay \(number) is unidentified: \(e)")
        case .awaitingAsset, .identified:
            throw BayRejection(.notStartable, bay.asset?.lookupPending == true ? "bay \(number): the asset is still being looked up"
                               : bay.asset != nil ? "bay \(number): confirm the asset's warnings (enter the tag again)"
                               : "bay \(number) has no asset tag yet")
        default: throw BayRejection(.notStartable, "bay \(number) is \(bay.state.name), not ready")
        }
    }

    /// The bay's wipe starts: `running`, pass 1 of `passes`.
    public mutating func started(bay number: Int, passes: Int) throws(BayRejection) {
        _ = try checkStart(bay: number)
        guard let i = index(ofBay: number) else { return }
        bays[i].state = .running(pass: 1, of: max(passes, 1))
        bays[i].progress = BayProgress(fraction: 0, bytesPerSecond: 0, secondsRemaining: nil, errorCount: 0)
        bays[i].message = nil
        bays[i].reasons = []
        bays[i].certificateID = nil
    }

    /// The station could not start the bay's wipe (a refusal found at the last check): the bay is
    /// refused with the reasons, and nothing was written.
    public mutating func startRefused(bay number: Int, reasons: [String]) {
        guard let i = index(ofBay: number) else { return }
        bays[i].state = .refused(reasons: reasons)
        bays[i].progress = nil
        bays[i].message = reasons.first
    }

    /// A station event about the bay's running attempt.
    public mutating func apply(_ event: StationEvent, bay number: Int, verification: VerificationMode) {
        guard let i = index(ofBay: number) else { return }
        var bay = bays[i]
        switch event {
        case .passStarted(_, let pass, let of):
            if bay.state.isActive { bay.state = .running(pass: pass, of: of) }
        case .verificationStarted:
            if bay.state.isActive { bay.state = .verifying }
        case .progress(let sample):
            if bay.state.isActive || sample.phase == .finished {
                let capacity = bay.device?.size ?? sample.total
                let p = BayProgress.attempt(sample, capacity: capacity, verification: verification)
                // The bar never moves back, and only a completed attempt reaches 100 %.
                if sample.phase != .finished { bay.progress = BayProgress(fraction: max(p.fraction, bay.progress?.fraction ?? 0),
                                                                           bytesPerSecond: p.bytesPerSecond,
                                                                           secondsRemaining: p.secondsRemaining, errorCount: p.errorCount) }
            }
        case .outcome(_, let outcome):
            bay.reasons = outcome.reasons
            if outcome.result == .passed || outcome.result == .unverified {
                bay.progress = BayProgress(fraction: 1, bytesPerSecond: 0, secondsRemaining: 0, errorCount: bay.progress?.errorCount ?? 0)
            } else {
                bay.progress?.bytesPerSecond = 0
                bay.progress?.secondsRemaining = nil
            }
            bay.state = .certified(outcome.result)
        case .health(_, let record):
            bay.health = record.grade
            bay.healthNote = record.grade == nil ? ([record.after, record.before].compactMap { $0?.reason }.first ?? "not graded") : nil
        case .certificateWritten(_, let entry):
            bay.certificateID = entry.id
        case .certificateFailed(_, let message):
            bay.message = "NO CERTIFICATE: \(message)"
        case .indexFailed(_, _, let message):
            bay.message = "certified, but the record index was not updated (\(message)); run `expunge records rebuild`"
        case .refused(let refusal):
            // Never started (held by another process, no room for the evidence): nothing written.
            bay.state = .refused(reasons: refusal.reasons)
            bay.progress = nil
            bay.message = refusal.reasons.first
        case .recovered, .devicePrepared:
            break
        }
        bays[i] = bay
    }

    /// The bay's attempt has ended and been certified; a drive removed during it now leaves.
    public mutating func runEnded(bay number: Int) {
        guard let i = index(ofBay: number) else { return }
        if bays[i].removedDuringRun || !bays[i].isPresent {
            bays[i].lastResult = bays[i].result
            bays[i].state = .removed
            bays[i].message = "drive removed during the wipe: attempt \(bays[i].lastResult?.rawValue ?? "ended")"
                + (bays[i].certificateID.map { ", certificate \($0)" } ?? ", no certificate")
        }
    }
}
