import Foundation
import Glibc
import StorageModel

/// The tool and the system it ran on, as recorded on every certificate.
public struct ToolInfo: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    /// SHA-256 of the running executable: identifies the exact build.
    @NullCoded public var buildSHA256: String?
    /// `uname -sr` and the kernel build (`uname -v`).
    public var kernel: String
    /// PRETTY_NAME from /etc/os-release.
    @NullCoded public var operatingSystem: String?

    public init(name: String = "expunge", version: String, buildSHA256: String?, kernel: String, operatingSystem: String?) {
        self.name = name
        self.version = version
        self.buildSHA256 = buildSHA256
        self.kernel = kernel
        self.operatingSystem = operatingSystem
    }

    enum CodingKeys: String, CodingKey {
        case name, version
        case buildSHA256 = "build_sha256"
        case kernel
        case operatingSystem = "operating_system"
    }

    /// This process: hashes /proc/self/exe once.
    public static func current(version: String) -> ToolInfo {
        var u = utsname()
        uname(&u)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let kernel = "\(field(u.sysname)) \(field(u.release)) \(field(u.version))"
        var os: String?
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                os = String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return ToolInfo(version: version, buildSHA256: SHA256Digest.hexOfFile("/proc/self/exe"), kernel: kernel, operatingSystem: os)
    }

    public static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
