/// The asset a bay's drive belongs to, as entered or scanned and as the register knows it.
public struct BayAsset: Sendable, Hashable {
    public var tag: String
    public var customer: String?
    public var model: String?
    public var category: String?
    /// What the register lookup found that needs a second confirmation (entering the same tag
    /// again confirms).
    public var warnings: [AssetWarning]
    /// The register lookup is still running.
    public var lookupPending: Bool
    /// Warnings acknowledged by a second entry.
    public var confirmed: Bool

    public init(tag: String, customer: String? = nil, model: String? = nil, category: String? = nil,
                warnings: [AssetWarning] = [], lookupPending: Bool = false, confirmed: Bool = false) {
        self.tag = tag
        self.customer = customer
        self.model = model
        self.category = category
        self.warnings = warnings
        self.lookupPending = lookupPending
        self.confirmed = confirmed
    }

    /// Ready to wipe under this asset: looked up, and any warning confirmed.
    public var isSettled: Bool { !lookupPending && (warnings.isEmpty || confirmed) }
}

/// What an asset lookup can find that the operator must confirm.
public enum AssetWarning: Sendable, Hashable, CustomStringConvertible {
    /// The tag is not in the imported register (a wipe creates it, flagged).
    case notInRegister
    /// The asset has already left: disposed (resold, recycled…) or released (redeployed).
    case alreadyDisposed(status: String)
    /// This drive's serial already has a certificate under another asset.
    case serialCertifiedUnderOtherAsset(serial: String, asset: String)
    /// The asset belongs to another customer than the one this session is for.
    case customerMismatch(expected: String, found: String)
    /// The register could not be read (the wipe still certifies; the index may need a rebuild).
    case registerUnavailable(String)
    /// The station is joined to a depot that could not be asked: the asset was checked against
    /// the station's own copy of the register, which may be out of date.
    case depotUnreachable(String)

    public var code: String {
        switch self {
        case .notInRegister: "not-in-register"
        case .alreadyDisposed: "already-disposed"
        case .serialCertifiedUnderOtherAsset: "serial-under-other-asset"
        case .customerMismatch: "customer-mismatch"
        case .registerUnavailable: "register-unavailable"
        case .depotUnreachable: "depot-unreachable"
        }
    }

    public var description: String {
        switch self {
        case .notInRegister: "not in the register"
        case .alreadyDisposed(let s): "already \(s)"
        case .serialCertifiedUnderOtherAsset(let serial, let asset): "serial \(serial) already certified under \(asset)"
        case .customerMismatch(let expected, let found): "customer \(found), not \(expected)"
        case .registerUnavailable(let e): "register unavailable: \(e)"
        case .depotUnreachable(let e): "depot not reached (\(e)); checked against this station's copy"
        }
    }
}
