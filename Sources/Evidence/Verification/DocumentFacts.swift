import Foundation

/// What the cross-document audit needs from one document, read from its signed content by the
/// document type's rules.
public struct DocumentFacts: Sendable, Hashable {
    public var assetID: String?
    /// Wipe certificates: the medium across attempts (`serial:<model>/<serial>`, else `wwn:…`);
    /// nil for media identified only by path (loop devices).
    public var deviceKey: String?
    /// Wipe certificates: when the attempt started.
    public var attemptStartedAt: Date?
    /// Disposal records.
    public var disposal: DisposalFacts?

    public init(assetID: String? = nil, deviceKey: String? = nil, attemptStartedAt: Date? = nil, disposal: DisposalFacts? = nil) {
        self.assetID = assetID
        self.deviceKey = deviceKey
        self.attemptStartedAt = attemptStartedAt
        self.disposal = disposal
    }
}
