import Sanitization
import StorageModel

/// What the operator asked for: the same settings for every device named.
public struct WipeRequest: Sendable {
    public var devicePaths: [String]
    public var assetID: String
    public var operatorID: String?
    public var customer: String?
    public var level: SanitizationLevel
    public var scheme: OverwriteScheme?
    public var patterns: [OverwritePattern]
    public var verification: VerificationMode
    public var chunkSize: ByteCount
    /// For `.purge`: the technique asked for, if any.
    public var technique: PurgeTechnique?
    /// For `.purge`: send the technique even when the device does not advertise it.
    public var force: Bool
    /// For `.purge`: restore the native maximum (remove a Host Protected Area) first.
    public var removeHiddenAreas: Bool

    public init(devicePaths: [String], assetID: String, operatorID: String? = nil, customer: String? = nil,
                level: SanitizationLevel = .clear, scheme: OverwriteScheme? = nil, patterns: [OverwritePattern] = [.random],
                verification: VerificationMode = .full, chunkSize: ByteCount = WipePlan.defaultChunkSize,
                technique: PurgeTechnique? = nil, force: Bool = false, removeHiddenAreas: Bool = false) {
        self.devicePaths = devicePaths
        self.assetID = assetID
        self.operatorID = operatorID
        self.customer = customer
        self.level = level
        self.scheme = scheme
        self.patterns = patterns
        self.verification = verification
        self.chunkSize = chunkSize
        self.technique = technique
        self.force = force
        self.removeHiddenAreas = removeHiddenAreas
    }
}
