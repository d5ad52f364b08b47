/// Strings read from devices (model, serial, vendor) are untrusted: firmware may return control
/// characters, NULs, escape sequences or bytes that are not UTF-8. `DisplayString` makes them safe
/// for a terminal and for JSON without losing what they said.
public enum DisplayString {
    /// Decodes `bytes` leniently, replaces invalid UTF-8 with U+FFFD, replaces control characters
    /// (C0, DEL, C1; including ESC, so no terminal escape can pass) with U+FFFD, drops NULs and
    /// trims surrounding white space. Returns nil when nothing is left.
    public static func sanitize<Bytes: Collection>(bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        let decoded = String(decoding: Array(bytes), as: UTF8.self)
        return sanitize(decoded)
    }

    public static func sanitize(_ string: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0: continue
            case 0x09, 0x0A, 0x0D: scalars.append(" ")
            case 0x01...0x1F, 0x7F...0x9F: scalars.append("\u{FFFD}")
            case 0x202A...0x202E, 0x2066...0x2069: scalars.append("\u{FFFD}")  // bidi overrides
            default: scalars.append(scalar)
            }
        }
        let trimmed = String(scalars).trimmingSpaces()
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension String {
    /// The string without leading and trailing spaces (no Foundation needed).
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
