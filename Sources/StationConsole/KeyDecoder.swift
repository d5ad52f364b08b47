/// Turns bytes read from the terminal in raw mode into keys: UTF-8 characters, Enter (CR or
/// LF, as barcode scanners send it), Backspace, Esc, Ctrl-C and the arrow keys (CSI and SS3
/// forms). A sequence split across reads is completed by the next one; an Esc alone at the end
/// of a read is the Esc key.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    public mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending += bytes
        var keys: [Key] = []
        var i = 0
        let b = pending
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x1B:
                if i + 1 >= b.count { keys.append(.escape); i += 1; continue }
                if b[i + 1] == UInt8(ascii: "[") || b[i + 1] == UInt8(ascii: "O") {
                    // CSI/SS3: parameters, then a final byte in 0x40…0x7E.
                    var j = i + 2
                    while j < b.count && !(0x40...0x7E).contains(b[j]) { j += 1 }
                    if j >= b.count { pending = Array(b[i...]); return keys }
                    switch b[j] {
                    case UInt8(ascii: "A"): keys.append(.up)
                    case UInt8(ascii: "B"): keys.append(.down)
                    default: break  // other function keys are ignored
                    }
                    i = j + 1
                } else {
                    keys.append(.escape)
                    i += 1
                }
            case 0x0D, 0x0A:
                keys.append(.enter)
                // CR LF from a scanner is one Enter.
                i += (c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A) ? 2 : 1
            case 0x7F, 0x08: keys.append(.backspace); i += 1
            case 0x03: keys.append(.interrupt); i += 1
            case 0x00...0x1F: keys.append(.character(Character(Unicode.Scalar(c)))); i += 1
            default:
                let length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
                if i + length > b.count { pending = Array(b[i...]); return keys }
                let text = String(decoding: b[i..<(i + length)], as: UTF8.self)
                for ch in text { keys.append(.character(ch)) }
                i += length
            }
        }
        pending = []
        return keys
    }
}
