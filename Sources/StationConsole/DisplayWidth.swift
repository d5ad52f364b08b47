/// Terminal cell widths of text, so columns line up whatever a drive's firmware reports: East
/// Asian wide characters take two cells, combining marks none, and control characters (which
/// could move the cursor or change the terminal) are replaced by U+FFFD before anything is shown.
public enum DisplayWidth {
    /// Cells a character takes.
    public static func of(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        return of(first)
    }

    static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) { return 2 }
        return 1
    }

    /// Cells the text takes.
    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// The text with every control character (C0, DEL, C1, bidi overrides) replaced by U+FFFD.
    public static func safe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: out.append("\u{FFFD}")
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Exactly `width` cells: cut with `…` when too long (never splitting a wide character),
    /// padded with spaces (on the left when `right`-aligned) when short.
    public static func fit(_ text: String, _ width: Int, right: Bool = false) -> String {
        guard width > 0 else { return "" }
        let safeText = safe(text)
        let w = of(safeText)
        if w <= width {
            let pad = String(repeating: " ", count: width - w)
            return right ? pad + safeText : safeText + pad
        }
        var out = ""
        var used = 0
        for c in safeText {
            let cw = of(c)
            if used + cw > width - 1 { break }
            out.append(c)
            used += cw
        }
        out.append("…")
        used += 1
        return out + String(repeating: " ", count: max(width - used, 0))
    }
}
