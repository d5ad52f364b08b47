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
    /// Restore the native maximum (remove a Host Protected Area, volatile) before the first write
    /// or command.
    public var removeHiddenAreas: Bool
    /// Go ahead although a hidden area (HPA, DCO) stays in place or could not be checked; a
    /// hidden range left in place makes the attempt `failed` (`hidden-area-not-sanitized`).
    public var allowHiddenAreas: Bool

    public init(devicePaths: [String], assetID: String, operatorID: String? = nil, customer: String? = nil,
                level: SanitizationLevel = .clear, scheme: OverwriteScheme? = nil, patterns: [OverwritePattern] = [.random],
                verification: VerificationMode = .full, chunkSize: ByteCount = WipePlan.defaultChunkSize,
                technique: PurgeTechnique? = nil, force: Bool = false, removeHiddenAreas: Bool = false,
                allowHiddenAreas: Bool = false) {
        self.allowHiddenAreas = allowHiddenAreas
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
