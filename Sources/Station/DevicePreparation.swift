import Devices
import StorageModel

/// The preparation of one named device: ready to run, or refused with every reason.
public enum DevicePreparation: Sendable {
    case ready(PreparedWipe)
    case refused(DeviceRefusal)

    public var prepared: PreparedWipe? {
        if case .ready(let p) = self { return p }
        return nil
    }

    public var refusal: DeviceRefusal? {
        if case .refused(let r) = self { return r }
        return nil
    }
}

/// Why one named device will not be sanitized. Nothing was written to it.
public struct DeviceRefusal: Sendable {
    /// The path as the operator named it.
    public var path: String
    /// One line per reason, each with its remedy.
    public var reasons: [String]
    /// The exit status this refusal alone would end with.
    public var exitStatus: ExitStatus
    /// Stable machine code of the first reason.
    public var code: String
    /// The error behind a refusal that is not a safety finding (a wrong path, a device named
    /// twice, a purge the device cannot do), for front ends that report it as is.
    public var error: (any OperatorError)?

    public init(path: String, reasons: [String], exitStatus: ExitStatus, code: String, error: (any OperatorError)? = nil) {
        self.error = error
        self.path = path
        self.reasons = reasons
        self.exitStatus = exitStatus
        self.code = code
    }
}
