/// One line of `/proc/self/mountinfo` (proc(5)).
public struct MountEntry: Hashable, Sendable {
    public var major: UInt32
    public var minor: UInt32
    public var mountPoint: String
    public var filesystemType: String
    public var source: String
}

/// The mounted filesystems, parsed from `/proc/self/mountinfo`.
public struct MountTable: Sendable {
    public var entries: [MountEntry]

    public init(entries: [MountEntry]) { self.entries = entries }

    /// Parses mountinfo text. Malformed lines are skipped; escapes (`\040` for a space) are decoded.
    public init(mountinfo text: String) {
        var out: [MountEntry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            // id parent major:minor root mountpoint options [optional fields...] - fstype source superopts
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count else { continue }
            let mm = fields[2].split(separator: ":")
            guard mm.count == 2, let major = UInt32(mm[0]), let minor = UInt32(mm[1]) else { continue }
            out.append(MountEntry(major: major, minor: minor,
                                  mountPoint: Self.unescape(fields[4]),
                                  filesystemType: String(fields[dash + 1]),
                                  source: Self.unescape(fields[dash + 2])))
        }
        entries = out
    }

    /// Mount points of the block device `major:minor`.
    public func mountPoints(major: UInt32, minor: UInt32) -> [String] {
        entries.filter { $0.major == major && $0.minor == minor }.map(\.mountPoint)
    }

    /// The mount entries of the running system's own filesystems (`/`, `/boot`, `/usr`, …).
    public var systemMounts: [MountEntry] {
        let system: Set<String> = ["/", "/boot", "/boot/efi", "/efi", "/usr", "/var", "/home", "/opt"]
        return entries.filter { system.contains($0.mountPoint) }
    }

    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let u = Array(field.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "\\"), i + 3 < u.count,
               let v = UInt8(String(decoding: u[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                bytes.append(v)
                i += 4
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
