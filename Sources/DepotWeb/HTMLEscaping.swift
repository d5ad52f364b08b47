import Mustache

/// The Mustache content type of the depot's pages (`{{% CONTENT_TYPE: EXPUNGE_HTML}}` at the top
/// of every template): `{{value}}` escapes `& < > " '` as HTML, byte by byte over the UTF-8
/// (swift-mustache's own HTML escape looks every `Character` up in a dictionary, which was a
/// third of the verification page's CPU), and replaces C0 and C1 control characters other than
/// tab and newline with U+FFFD — a second guard behind `HTMLText.shown`.
struct HTMLEscaping: MustacheContentType {
    static let name = "EXPUNGE_HTML"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        // Fast path: nothing to change.
        if !utf8.contains(where: needsWork) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        var iterator = utf8.makeIterator()
        var previous: UInt8 = 0
        while let b = iterator.next() {
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            case 0x09, 0x0A: out.append(b)
            case 0x00..<0x20, 0x7F: out += [0xEF, 0xBF, 0xBD]
            case 0x80...0x9F where previous == 0xC2:
                // U+0080–U+009F (C1) is C2 80–C2 9F in UTF-8: replace the pair.
                out.removeLast()
                out += [0xEF, 0xBF, 0xBD]
            default: out.append(b)
            }
            previous = b
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsWork(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        case 0x09, 0x0A: false
        case 0x00..<0x20, 0x7F, 0xC2: true
        default: false
        }
    }
}
