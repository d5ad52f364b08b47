/// A font and alignment for a run of text. The families are DejaVu's (`fonts-dejavu-core`),
/// named explicitly so the same fonts are chosen on every machine; characters they lack come from
/// fontconfig's fallback (a CJK font where one is installed).
struct TextStyle: Sendable, Hashable {
    enum Alignment: Sendable, Hashable { case left, center, right }

    var family: String
    var size: Double
    var bold: Bool
    var alignment: Alignment

    init(size: Double, bold: Bool = false, mono: Bool = false, alignment: Alignment = .left) {
        family = mono ? "DejaVu Sans Mono" : "DejaVu Sans"
        self.size = size
        self.bold = bold
        self.alignment = alignment
    }

    /// A Pango font description string (`DejaVu Sans Bold 9`).
    var fontDescription: String {
        let s = size == size.rounded() ? String(Int(size)) : String(size)
        return "\(family)\(bold ? " Bold" : "") \(s)"
    }

    func aligned(_ a: Alignment) -> TextStyle {
        var c = self
        c.alignment = a
        return c
    }
}
