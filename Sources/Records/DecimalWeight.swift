import StorageModel

/// Weights as people write them: decimal digits with at most one decimal separator (`.` or `,`),
/// no sign, exponent, hexadecimal (`0x10`), `inf` or `nan` — which `Double(String)` would accept.
public enum DecimalWeight {
    /// The value of `text`, or nil unless it is a plain decimal number (surrounding spaces allowed).
    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingSpaces()
        var digits = 0, separators = 0
        for c in t.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."), UInt8(ascii: ","): separators += 1
            default: return nil
            }
        }
        guard digits > 0, separators <= 1, t.utf8.first != UInt8(ascii: "."), t.utf8.first != UInt8(ascii: ","),
              t.utf8.last != UInt8(ascii: "."), t.utf8.last != UInt8(ascii: ",") else { return nil }
        guard let v = Double(t.replacingAll(",", with: ".")), v.isFinite else { return nil }
        return v
    }
}
