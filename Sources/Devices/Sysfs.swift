import Foundation
import StorageModel

/// Read access to sysfs, rooted at `/sys` or, in tests, at a fixture directory with the same layout.
public struct Sysfs: Sendable {
    public let root: String

    public init(root: String = "/sys") { self.root = root }

    public func absolute(_ relative: String) -> String {
        relative.hasPrefix("/") ? root + relative : root + "/" + relative
    }

    /// The raw bytes of an attribute, or nil if it does not exist or cannot be read.
    public func bytes(_ relative: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: absolute(relative)) else { return nil }
        return [UInt8](data)
    }

    /// An attribute as text: sanitized for terminal and JSON, trimmed; nil if absent or empty.
    public func attribute(_ relative: String) -> String? {
        guard let b = bytes(relative) else { return nil }
        return DisplayString.sanitize(bytes: b)
    }

    /// An attribute as an unsigned integer.
    public func integer(_ relative: String) -> UInt64? {
        attribute(relative).flatMap { UInt64($0) }
    }

    /// An attribute holding `0` or `1`.
    public func flag(_ relative: String) -> Bool? {
        integer(relative).map { $0 != 0 }
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: absolute(relative))
    }

    /// Names in a directory, sorted; empty if it does not exist.
    public func entries(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: absolute(relative))) ?? []).sorted()
    }

    /// The target of a symbolic link, as written (`../../bus/virtio/drivers/virtio_blk`).
    public func link(_ relative: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: absolute(relative))
    }

    /// The path with every symbolic link resolved, relative to `root`
    /// (`/devices/pci0000:00/0000:00:02.0/virtio1/block/vda`).
    public func resolved(_ relative: String) -> String? {
        let abs = absolute(relative)
        guard FileManager.default.fileExists(atPath: abs) else { return nil }
        let real = URL(fileURLWithPath: abs).resolvingSymlinksInPath().path
        let rootReal = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        return real.hasPrefix(rootReal) ? String(real.dropFirst(rootReal.count)) : real
    }
}
