/// The udev properties of a device (`ID_MODEL`, `ID_SERIAL_SHORT`, …): present only when udevd
/// has processed the device.
public struct UdevProperties: Hashable, Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `KEY=value` lines, as `udevadm info --query=property` prints them.
    public init(text: String) {
        var v: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            v[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        values = v
    }

    public subscript(key: String) -> String? { values[key] }

    /// A property decoded from udev's `\xNN` escaping (`ID_MODEL_ENC`) and sanitized.
    public func decoded(_ key: String) -> String? {
        guard let raw = values[key] else { return nil }
        var bytes: [UInt8] = []
        let u = Array(raw.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "\\"), i + 3 < u.count, u[i + 1] == UInt8(ascii: "x"),
               let v = UInt8(String(decoding: u[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                bytes.append(v)
                i += 4
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return DisplayString.sanitize(bytes: bytes)
    }
}

import StorageModel
