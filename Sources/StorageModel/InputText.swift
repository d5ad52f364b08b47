/// Checks of free text an operator or an import gives (customer, operator ID, recipient,
/// references, asset fields) before it can reach a signed document: not empty or only white
/// space, within a length, and without control characters (C0 including tab and line breaks,
/// DEL, C1, bidi overrides). Messages name the field and the offending character by code point,
/// never echo it.
public enum InputText {
    /// Why `value` is not acceptable as `name`, or nil when it is.
    public static func problem(_ value: String, name: String, maxLength: Int = 256) -> String? {
        if value.trimmingSpaces().isEmpty { return "\(name) is empty" }
        if let bad = firstControlCharacter(value) {
            return "\(name) contains the control character U+\(hex(bad.value)) (not allowed in signed documents)"
        }
        if value.count > maxLength { return "\(name) is longer than \(maxLength) characters" }
        return nil
    }

    /// The first character `DisplayString` would not show as itself.
    public static func firstControlCharacter(_ value: String) -> Unicode.Scalar? {
        value.unicodeScalars.first { s in
            switch s.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
    }

    public static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
