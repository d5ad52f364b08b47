import Devices
import Sanitization
import StorageModel

/// A device checked and planned, not yet opened.
public struct PreparedWipe: Sendable {
    public var descriptor: DeviceDescriptor
    public var plan: WipePlan
    /// Set for `--level purge`: the firmware technique that runs instead of an overwrite.
    public var purge: PurgePlan?

    public init(descriptor: DeviceDescriptor, plan: WipePlan, purge: PurgePlan? = nil) {
        self.descriptor = descriptor
        self.plan = plan
        self.purge = purge
    }

    public var path: String { descriptor.path }
    public var description: String { purge?.description ?? plan.description }

    /// The technique as the journal and the certificate name it.
    public var technique: SanitizationTechnique { purge.map { .firmware($0.technique) } ?? .overwrite }
}
